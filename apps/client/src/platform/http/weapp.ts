// The mini-program needs an absolute https origin (listed as a request domain
// in the WeChat console); TARO_APP_API_BASE is fixed at build time.
export const apiBaseUrl = `${(process.env.TARO_APP_API_BASE ?? 'http://localhost:3000').replace(/\/+$/, '')}/api`;
