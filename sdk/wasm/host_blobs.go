package wasm

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/wasm/abi"
)

// blobs reaches the host's Blobs. A module holds a blob in its memory, so
// Put reads r whole (refusing past sdk.MaxBlobSize before calling the
// host, which applies its own limit) and Get returns it from memory.
type blobs struct{ im hostImports }

func (b blobs) Put(ctx context.Context, contentType string, r io.Reader) (sdk.Blob, error) {
	if err := ctx.Err(); err != nil {
		return sdk.Blob{}, err
	}
	data, err := io.ReadAll(io.LimitReader(r, sdk.MaxBlobSize+1))
	if err != nil {
		return sdk.Blob{}, fmt.Errorf("wasm: blob put: reading the bytes: %w", err)
	}
	if len(data) > sdk.MaxBlobSize {
		return sdk.Blob{}, sdk.Permanent(fmt.Errorf("%w (%d bytes)", sdk.ErrBlobTooLarge, sdk.MaxBlobSize), "")
	}
	out, code := b.im.blobPut([]byte(contentType), data)
	if err := hostError(abi.FuncBlobPut, out, code); err != nil {
		return sdk.Blob{}, err
	}
	var meta sdk.Blob
	if err := json.Unmarshal(out, &meta); err != nil {
		return sdk.Blob{}, fmt.Errorf("wasm: undecodable blob from the host: %w", err)
	}
	return meta, nil
}

func (b blobs) Get(ctx context.Context, id string) (io.ReadCloser, sdk.Blob, error) {
	if err := ctx.Err(); err != nil {
		return nil, sdk.Blob{}, err
	}
	out, code := b.im.blobGet([]byte(id))
	if err := hostError(abi.FuncBlobGet, out, code); err != nil {
		return nil, sdk.Blob{}, err
	}
	meta, data, err := abi.SplitBlob(out)
	if err != nil {
		return nil, sdk.Blob{}, err
	}
	return io.NopCloser(bytes.NewReader(data)), meta, nil
}

func (b blobs) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	out, code := b.im.blobDelete([]byte(id))
	return hostError(abi.FuncBlobDelete, out, code)
}
