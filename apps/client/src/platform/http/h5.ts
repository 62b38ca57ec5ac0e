// The H5 app is served by the API server itself: same origin, no CORS.
export const apiBaseUrl = '/api';
