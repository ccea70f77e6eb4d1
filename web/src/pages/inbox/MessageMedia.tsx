// Media the platform kept (GET /api/v1/media/{blob_id}), received or sent: images,
// stickers, audio and video in place, anything else as a download. The
// session cookie authorizes the request, as for every API call.
import type { Message } from "@/features/inbox";

type Media = NonNullable<Message["media"]>;

export function mediaURL(blobID: string, filename?: string): string {
  const url = `/api/v1/media/${encodeURIComponent(blobID)}`;
  // The server names the download: its header beats the link's download attribute.
  return filename ? `${url}?filename=${encodeURIComponent(filename)}` : url;
}

export default function MessageMedia({ media }: { media: Media }) {
  if (!media.blob_id) return null;
  const src = mediaURL(media.blob_id);
  const label = media.caption || media.filename || media.type;
  switch (media.type) {
    case "image":
    case "sticker":
      return (
        <a href={src} target="_blank" rel="noreferrer" className="mb-1 block">
          <img src={src} alt={label} loading="lazy" className="max-h-64 max-w-full rounded-lg" />
        </a>
      );
    case "audio":
      return <audio controls preload="none" src={src} aria-label={label} className="mb-1 w-64 max-w-full" />;
    case "video":
      return <video controls preload="metadata" src={src} aria-label={label} className="mb-1 max-h-64 max-w-full rounded-lg" />;
  }
  return (
    <a href={mediaURL(media.blob_id, media.filename)} download={media.filename || true} className="mb-1 block underline underline-offset-2">
      {media.filename || `[${media.type}]`}
    </a>
  );
}
