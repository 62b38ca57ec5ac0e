// A case's photos as thumbnails; a tap opens the full-size images in the platform viewer.
import Taro from '@tarojs/taro';
import { Image, View } from '@tarojs/components';
import type { MediaResponse } from '@hotline/core';
import { staffText as t } from '@/locales/zh-CN.staff';
import { mediaUrl } from '@/platform';

export function CasePhotos({ photos }: { photos: Pick<MediaResponse, 'id' | 'url' | 'thumbUrl'>[] }) {
  if (photos.length === 0) return null;
  const urls = photos.map((p) => mediaUrl(p.url));
  return (
    <View className="staff-photos" aria-label={t.detail.photos(photos.length)}>
      {photos.map((photo, index) => (
        <Image
          key={photo.id}
          className="staff-photos__thumb"
          src={mediaUrl(photo.thumbUrl)}
          mode="aspectFill"
          ariaLabel={t.detail.photo(index + 1)}
          nativeProps={{ alt: t.detail.photo(index + 1) }}
          onClick={() => void Taro.previewImage({ urls, current: urls[index] })}
        />
      ))}
    </View>
  );
}
