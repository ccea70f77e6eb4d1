package abi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/masteria/masteria/sdk"
)

// BlobPut stores data as a blob of contentType and returns its metadata as
// JSON.
func (s *Services) BlobPut(ctx context.Context, contentType, data []byte) ([]byte, Code) {
	return protect(func() ([]byte, Code) {
		meta, err := s.Host.Blobs.Put(ctx, string(contentType), bytes.NewReader(data))
		if err != nil {
			return result(nil, err)
		}
		return result(json.Marshal(meta))
	})
}

// BlobGet returns the blob framed for [FuncBlobGet]: its metadata as JSON,
// a newline, its bytes.
func (s *Services) BlobGet(ctx context.Context, id []byte) ([]byte, Code) {
	return protect(func() ([]byte, Code) {
		rc, meta, err := s.Host.Blobs.Get(ctx, string(id))
		if err != nil {
			return result(nil, err)
		}
		defer rc.Close()
		head, err := json.Marshal(meta)
		if err != nil {
			return result(nil, err)
		}
		out := bytes.NewBuffer(make([]byte, 0, len(head)+1+int(min(meta.Size, sdk.MaxBlobSize))))
		out.Write(head)
		out.WriteByte('\n')
		if _, err := io.Copy(out, io.LimitReader(rc, sdk.MaxBlobSize)); err != nil {
			return result(nil, fmt.Errorf("reading blob %s: %w", id, err))
		}
		return out.Bytes(), CodeOK
	})
}

// BlobDelete removes a blob.
func (s *Services) BlobDelete(ctx context.Context, id []byte) ([]byte, Code) {
	return protect(func() ([]byte, Code) { return result(nil, s.Host.Blobs.Delete(ctx, string(id))) })
}

// SplitBlob parses [FuncBlobGet]'s data into the metadata and the bytes,
// checking that the size matches.
func SplitBlob(data []byte) (sdk.Blob, []byte, error) {
	head, body, ok := bytes.Cut(data, []byte{'\n'})
	var meta sdk.Blob
	if !ok || json.Unmarshal(head, &meta) != nil {
		return sdk.Blob{}, nil, fmt.Errorf("%w: blob_get data has no metadata line", ErrInvalid)
	}
	if int64(len(body)) != meta.Size {
		return sdk.Blob{}, nil, fmt.Errorf("%w: blob_get returned %d bytes for a blob of %d", ErrInvalid, len(body), meta.Size)
	}
	return meta, body, nil
}
