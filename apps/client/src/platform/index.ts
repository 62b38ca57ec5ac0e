// Everything that differs between the mini-program and H5, one module each,
// chosen by TARO_ENV inside that module. Next: login (wx.login code vs SMS),
// location (gcj02 vs browser wgs84), media pickers, push subscriptions.
export { storage, type KeyValueStorage } from './storage';
export { apiBaseUrl, mediaUrl } from './http';
export { downloader, type DownloadFailure, type FileDownload } from './download';
