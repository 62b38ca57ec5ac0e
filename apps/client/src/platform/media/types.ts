export interface LocalPhoto {
  /** A temp file path (weapp) or an object URL (H5). */
  path: string;
  size: number;
}

/** Every photo is made this small on the device before upload: weak networks, metered data. */
export const MAX_PHOTO_BYTES = 400 * 1024;
export const MAX_PHOTO_EDGE = 1600;
