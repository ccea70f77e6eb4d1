// FilePick uploads one file to the workspace (POST /api/v1/media) for a
// message to send by its blob_id: a button, the chosen file's name with a
// remove button, and a hint or the field's error. A file removed or
// replaced is discarded (kept by the server if something already uses it).
import { Paperclip, X } from "lucide-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { StoredFile } from "@/api/client";
import { Button } from "@/components/ui/button";
import { discardFile, useUpload } from "@/features/inbox";

type Props = {
  label: string;
  hint?: string;
  error?: string;
  accept?: string;
  /** name is the chosen file's name, "" for none. */
  name: string;
  /** blobId is the chosen file's blob_id, discarded when it is removed or replaced. */
  blobId?: string;
  onPicked: (stored: StoredFile, file: File) => void;
  onClear: () => void;
};

export function FilePick({ label, hint, error, accept, name, blobId, onPicked, onClear }: Props) {
  const { t } = useTranslation();
  const upload = useUpload();
  const picker = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState("");
  const pick = (f: File | undefined) => {
    if (!f) return;
    setPending(f.name);
    upload.mutate(f, {
      onSuccess: (stored) => {
        discardFile(blobId);
        onPicked(stored, f);
      },
      onSettled: () => setPending(""),
    });
  };
  return (
    <div className="grid gap-1.5" data-testid="file-pick">
      <span className="text-sm font-medium">{label}</span>
      <input
        ref={picker}
        type="file"
        accept={accept}
        className="hidden"
        aria-label={label}
        onChange={(e) => {
          pick(e.target.files?.[0]);
          e.target.value = "";
        }}
      />
      <div className="flex min-w-0 items-center gap-2">
        <Button type="button" variant="outline" size="sm" loading={upload.isPending} onClick={() => picker.current?.click()}>
          <Paperclip /> {t("filePick.choose")}
        </Button>
        {pending ? (
          <span className="truncate text-sm text-muted-foreground">{t("filePick.uploading", { name: pending })}</span>
        ) : (
          name && (
            <span className="flex min-w-0 items-center gap-1 text-sm" data-testid="file-pick-name">
              <span className="truncate">{name}</span>
              <button
                type="button"
                className="rounded-sm p-0.5 text-muted-foreground hover:bg-muted"
                aria-label={t("filePick.remove", { name })}
                onClick={() => {
                  discardFile(blobId);
                  onClear();
                }}
              >
                <X className="size-4" aria-hidden />
              </button>
            </span>
          )
        )}
      </div>
      {error ? (
        <p className="text-xs text-destructive" data-field-error>
          {error}
        </p>
      ) : (
        hint && <p className="text-xs text-muted-foreground">{hint}</p>
      )}
    </div>
  );
}
