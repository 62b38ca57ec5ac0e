// The rectangle a moderator marks on a photo by tapping two opposite corners, as fractions of
// the photo (what the server blurs).
export interface BlurRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function rectFrom(a: { x: number; y: number }, b: { x: number; y: number }): BlurRect {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const [x1, x2] = [clamp(Math.min(a.x, b.x)), clamp(Math.max(a.x, b.x))];
  const [y1, y2] = [clamp(Math.min(a.y, b.y)), clamp(Math.max(a.y, b.y))];
  return { x: x1, y: y1, w: Math.min(1 - x1, Math.max(0.01, x2 - x1)), h: Math.min(1 - y1, Math.max(0.01, y2 - y1)) };
}
