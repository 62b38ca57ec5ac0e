// The mini-program needs an absolute https origin (listed as a request domain
// in the WeChat console); TARO_APP_API_BASE is fixed at build time.
const apiOrigin = (process.env.TARO_APP_API_BASE ?? 'http://localhost:3000').replace(/\/+$/, '');
export const apiBaseUrl = `${apiOrigin}/api`;

// <Image> and previewImage on weapp need absolute URLs; the server answers paths.
export const mediaUrl = (path: string): string => (/^https?:\/\//.test(path) ? path : `${apiOrigin}${path}`);
