// The H5 app is served by the API server itself: same origin, no CORS.
export const apiBaseUrl = '/api';

// Same origin: the server's paths already work as they are.
export const mediaUrl = (path: string): string => path;
