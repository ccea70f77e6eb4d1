package grpcplugin

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/internal/fromproto"
	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
)

type blobsClient struct{ c pb.BlobsClient }

// Put streams r to the host in chunks. The host may answer early (over its
// size limit): sending then stops and its answer is returned.
//
// When r fails the stream is cancelled, not closed, so the host sees an
// aborted upload and keeps nothing rather than a truncated blob.
func (b blobsClient) Put(ctx context.Context, contentType string, r io.Reader) (sdk.Blob, error) {
	streamCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := b.c.Put(streamCtx)
	if err != nil {
		return sdk.Blob{}, rpcError(ctx, "blobs put", err)
	}
	if err := sendChunks(stream, contentType, r); err != nil {
		return sdk.Blob{}, err
	}
	resp, err := stream.CloseAndRecv()
	if err != nil {
		return sdk.Blob{}, rpcError(ctx, "blobs put", err)
	}
	if err := fromproto.Error(resp.GetError()); err != nil {
		if resp.GetTooLarge() {
			err = sdk.Permanent(fmt.Errorf("%w: %w", sdk.ErrBlobTooLarge, err), "")
		}
		return sdk.Blob{}, err
	}
	return fromBlobInfo(resp.GetBlob()), nil
}

// sendChunks sends the content type and r's bytes; a reading error is the
// plugin's and ends the call.
func sendChunks(stream pb.Blobs_PutClient, contentType string, r io.Reader) error {
	buf := make([]byte, blobChunk)
	first := true
	for {
		n, rerr := io.ReadFull(r, buf)
		if n > 0 || first {
			msg := &pb.BlobChunk{Data: buf[:n]}
			if first {
				msg.ContentType, first = contentType, false
			}
			if err := stream.Send(msg); errors.Is(err, io.EOF) {
				return nil // the host has answered; CloseAndRecv reads it
			} else if err != nil {
				return rpcError(stream.Context(), "blobs put", err)
			}
		}
		switch {
		case errors.Is(rerr, io.EOF) || errors.Is(rerr, io.ErrUnexpectedEOF):
			return nil
		case rerr != nil:
			return fmt.Errorf("grpcplugin: blobs put: reading the bytes: %w", rerr)
		}
	}
}

// Get opens the blob; the bytes stream as the reader is read. Closing the
// reader early ends the stream.
func (b blobsClient) Get(ctx context.Context, id string) (io.ReadCloser, sdk.Blob, error) {
	ctx, cancel := context.WithCancel(ctx)
	stream, err := b.c.Get(ctx, &pb.BlobGetRequest{Id: id})
	if err != nil {
		cancel()
		return nil, sdk.Blob{}, rpcError(ctx, "blobs get", err)
	}
	first, err := stream.Recv()
	if err != nil {
		cancel()
		return nil, sdk.Blob{}, rpcError(ctx, "blobs get", err)
	}
	if err := fromproto.Error(first.GetError()); err != nil {
		cancel()
		return nil, sdk.Blob{}, err
	}
	meta := fromBlobInfo(first.GetBlob())
	r := &chunkReader{buf: first.GetData(), recv: func() ([]byte, error) {
		c, err := stream.Recv()
		if err != nil && !errors.Is(err, io.EOF) {
			err = rpcError(ctx, "blobs get", err)
		}
		return c.GetData(), err
	}}
	return &blobReader{r: r, left: meta.Size, cancel: cancel}, meta, nil
}

func (b blobsClient) Delete(ctx context.Context, id string) error {
	resp, err := b.c.Delete(ctx, &pb.BlobDeleteRequest{Id: id})
	if err != nil {
		return rpcError(ctx, "blobs delete", err)
	}
	return fromproto.Error(resp.GetError())
}

// blobReader reads a streamed blob, reporting a stream that ends short of
// the blob's size as io.ErrUnexpectedEOF rather than a clean end.
type blobReader struct {
	r      io.Reader
	left   int64
	cancel context.CancelFunc
}

func (b *blobReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.left -= int64(n)
	if errors.Is(err, io.EOF) && b.left > 0 {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

func (b *blobReader) Close() error {
	b.cancel()
	return nil
}
