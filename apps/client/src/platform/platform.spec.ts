import Taro from '@tarojs/taro';
import * as h5Location from './location/h5';
import * as weappLocation from './location/weapp';
import { LocationError } from './location/types';
import * as weappMedia from './media/weapp';
import * as weappSubscribe from './subscribe/weapp';
import * as weappLogin from './login/weapp';
import * as h5Download from './download/h5';
import * as weappDownload from './download/weapp';

describe('location', () => {
  it('should ask WeChat for GCJ-02 and say so', async () => {
    (Taro.getLocation as jest.Mock).mockResolvedValue({ latitude: 30.5, longitude: 114.9, accuracy: 30 });
    await expect(weappLocation.currentLocation()).resolves.toEqual({
      lat: 30.5,
      lng: 114.9,
      coordinateSystem: 'gcj02',
      accuracyM: 30,
    });
    expect(Taro.getLocation).toHaveBeenCalledWith({ type: 'gcj02' });
  });

  it('should tell a refused permission apart from a failed fix', async () => {
    (Taro.getLocation as jest.Mock).mockRejectedValueOnce({ errMsg: 'getLocation:fail auth deny' });
    await expect(weappLocation.currentLocation()).rejects.toMatchObject({ reason: 'denied' });
    (Taro.getLocation as jest.Mock).mockRejectedValueOnce({ errMsg: 'getLocation:fail timeout' });
    await expect(weappLocation.currentLocation()).rejects.toMatchObject({ reason: 'unavailable' });
  });

  it('should take the browser position as WGS-84 and report a denial', async () => {
    const getCurrentPosition = jest
      .fn()
      .mockImplementationOnce((ok) => ok({ coords: { latitude: 30.51, longitude: 114.91, accuracy: 12.4 } }))
      .mockImplementationOnce((_ok, fail) => fail({ code: 1, PERMISSION_DENIED: 1 }));
    Object.defineProperty(navigator, 'geolocation', { value: { getCurrentPosition }, configurable: true });
    await expect(h5Location.currentLocation()).resolves.toEqual({
      lat: 30.51,
      lng: 114.91,
      coordinateSystem: 'wgs84',
      accuracyM: 12,
    });
    await expect(h5Location.currentLocation()).rejects.toBeInstanceOf(LocationError);
  });

  it('should answer null when the resident backs out of the WeChat map', async () => {
    (Taro.chooseLocation as jest.Mock).mockRejectedValueOnce({ errMsg: 'chooseLocation:fail cancel' });
    await expect(weappLocation.choosePlace(null)).resolves.toBeNull();
    (Taro.chooseLocation as jest.Mock).mockResolvedValueOnce({
      latitude: 30.5,
      longitude: 114.9,
      name: '府前路小区',
      address: '城关镇府前路12号',
    });
    await expect(weappLocation.choosePlace(null)).resolves.toMatchObject({
      coordinateSystem: 'gcj02',
      address: '城关镇府前路12号 府前路小区',
    });
  });
});

describe('photos in the mini-program', () => {
  afterEach(() => {
    delete (globalThis as { wx?: unknown }).wx;
  });

  it('should wrap wx.chooseMedia (not promisified by Taro) for images from camera or album', async () => {
    const chooseMedia = jest.fn((o) => o.success({ tempFiles: [{ tempFilePath: 'wxfile://a.jpg', size: 900_000 }] }));
    (globalThis as { wx?: unknown }).wx = { chooseMedia };
    await expect(weappMedia.pickPhotos(3)).resolves.toEqual([{ path: 'wxfile://a.jpg', size: 900_000 }]);
    expect(chooseMedia.mock.calls[0]?.[0]).toMatchObject({
      count: 3,
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
    });
  });

  it('should treat a cancelled picker as no photos', async () => {
    (globalThis as { wx?: unknown }).wx = {
      chooseMedia: (o: { fail(e: unknown): void }) => o.fail({ errMsg: 'chooseMedia:fail cancel' }),
    };
    await expect(weappMedia.pickPhotos(9)).resolves.toEqual([]);
  });

  it('should lower the quality until a photo is at most 400 KB, and leave a small one alone', async () => {
    const small = { path: 'wxfile://small.jpg', size: 100_000 };
    await expect(weappMedia.compressPhoto(small)).resolves.toBe(small);
    (Taro.compressImage as jest.Mock).mockImplementation(async ({ quality }) => ({
      tempFilePath: `wxfile://q${quality}.jpg`,
    }));
    (Taro.getFileInfo as jest.Mock).mockImplementation(async ({ filePath }) => ({
      size: filePath.includes('q70') ? 700_000 : 380_000,
    }));
    await expect(weappMedia.compressPhoto({ path: 'wxfile://big.jpg', size: 3_000_000 })).resolves.toEqual({
      path: 'wxfile://q50.jpg',
      size: 380_000,
    });
  });
});

describe('WeChat sign-in and subscriptions', () => {
  it('should exchange the wx.login code', async () => {
    (Taro.login as jest.Mock).mockResolvedValue({ code: 'c1' });
    const api = { wechatLogin: jest.fn().mockResolvedValue('session'), wechatPhone: jest.fn() };
    await expect(weappLogin.platformSignIn(api)).resolves.toBe('session');
    expect(api.wechatLogin).toHaveBeenCalledWith('c1');
    await expect(weappLogin.bindPhone(api, { errMsg: 'getPhoneNumber:fail user deny' })).resolves.toBeNull();
    expect(api.wechatPhone).not.toHaveBeenCalled();
  });

  it('should ask for at most 3 templates and report each choice to the server', async () => {
    (Taro.requestSubscribeMessage as jest.Mock).mockResolvedValue({
      errMsg: 'requestSubscribeMessage:ok',
      T1: 'accept',
      T2: 'reject',
      T3: 'ban',
    });
    const api = { saveWechatSubscriptions: jest.fn().mockResolvedValue({}) };
    await expect(weappSubscribe.requestSubscriptions(api, ['T1', 'T2', 'T3', 'T4'])).resolves.toBe(1);
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['T1', 'T2', 'T3'] });
    expect(api.saveWechatSubscriptions).toHaveBeenCalledWith({
      choices: [
        { templateId: 'T1', choice: 'accept', kind: 'long_term' },
        { templateId: 'T2', choice: 'reject', kind: 'long_term' },
        { templateId: 'T3', choice: 'ban', kind: 'long_term' },
      ],
    });
  });
});

describe('documents (a bulletin’s PDF)', () => {
  it('should download with the access token in the header and open WeChat’s viewer', async () => {
    (Taro.downloadFile as jest.Mock).mockResolvedValueOnce({ statusCode: 200, tempFilePath: 'wxfile://tmp/a.pdf' });
    (Taro.openDocument as jest.Mock).mockResolvedValueOnce({});
    await expect(weappDownload.openDocument('https://api.example/api/analytics/bulletins/3/pdf', 'b.pdf', 'tok')).resolves.toEqual({ ok: true });
    expect(Taro.downloadFile).toHaveBeenCalledWith({ url: 'https://api.example/api/analytics/bulletins/3/pdf', header: { Authorization: 'Bearer tok' } });
    expect(Taro.openDocument).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/a.pdf', fileType: 'pdf', showMenu: true });
  });

  it('should not open anything when the API refuses, and say how', async () => {
    (Taro.downloadFile as jest.Mock).mockResolvedValueOnce({ statusCode: 403, tempFilePath: 'wxfile://tmp/err' });
    (Taro.openDocument as jest.Mock).mockClear();
    await expect(weappDownload.openDocument('https://api.example/x', 'b.pdf', 'tok')).resolves.toEqual({ ok: false, status: 403 });
    expect(Taro.openDocument).not.toHaveBeenCalled();
  });

  it('should fetch with the token in the browser and save the file under its name', async () => {
    const fetchMock = jest.fn().mockResolvedValue({ ok: true, status: 200, blob: () => Promise.resolve(new Blob(['%PDF-'])) });
    Object.defineProperty(globalThis, 'fetch', { value: fetchMock, configurable: true, writable: true });
    Object.assign(URL, { createObjectURL: jest.fn(() => 'blob:1'), revokeObjectURL: jest.fn() });
    const saved: string[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(`${this.download} ${this.href}`);
    });
    await expect(h5Download.openDocument('/api/analytics/bulletins/3/pdf', 'hotline-bulletin-2026-11-23.pdf', 'tok')).resolves.toEqual({ ok: true });
    expect(fetchMock).toHaveBeenCalledWith('/api/analytics/bulletins/3/pdf', { headers: { authorization: 'Bearer tok' } });
    expect(saved).toEqual(['hotline-bulletin-2026-11-23.pdf blob:1']);
    click.mockRestore();
    fetchMock.mockResolvedValueOnce({ ok: false, status: 401 });
    await expect(h5Download.openDocument('/x', 'b.pdf', 'old')).resolves.toEqual({ ok: false, status: 401 });
  });
});

describe('the platform seam', () => {
  it('should be the only place that reads TARO_ENV', () => {
    /* eslint-disable @typescript-eslint/no-require-imports -- node's fs inside a jsdom test */
    const fs = require('node:fs') as typeof import('node:fs');
    const path = require('node:path') as typeof import('node:path');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const src = path.resolve(__dirname, '..');
    const readers: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (full !== __dirname) walk(full);
        } else if (/\.tsx?$/.test(entry.name) && !/\.spec\.tsx?$/.test(entry.name)) {
          if (fs.readFileSync(full, 'utf8').includes('TARO_ENV')) readers.push(path.relative(src, full));
        }
      }
    };
    walk(src);
    expect(readers).toEqual([]);
  });
});
