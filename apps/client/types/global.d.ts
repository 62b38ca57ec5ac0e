/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    TARO_ENV: 'weapp' | 'h5' | undefined;
    /** Origin of the API for the mini-program build, e.g. https://12345.example.gov.cn */
    TARO_APP_API_BASE: string | undefined;
  }
}
