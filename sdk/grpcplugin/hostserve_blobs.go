package grpcplugin

import (
	"errors"
	"io"

	"context"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/internal/toproto"
	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
)

// blobChunk is the most bytes one Blobs message carries, far below the
// message size limit so a blob of any size streams in bounded memory.
const blobChunk = 256 << 10

type blobsServer struct {
	pb.UnimplementedBlobsServer
	blobs sdk.Blobs
}

// Put stores the streamed bytes. It may answer before the stream ends (over
// the size limit); the plugin then stops sending.
func (b blobsServer) Put(stream pb.Blobs_PutServer) error {
	if b.blobs == nil {
		return stream.SendAndClose(&pb.BlobPutResponse{Error: missing(sdk.ServiceBlobs)})
	}
	first, err := stream.Recv()
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	r := &chunkReader{buf: first.GetData(), recv: func() ([]byte, error) {
		c, err := stream.Recv()
		return c.GetData(), err
	}}
	meta, err := b.blobs.Put(stream.Context(), first.GetContentType(), r)
	return stream.SendAndClose(&pb.BlobPutResponse{Blob: blobInfo(meta), Error: toproto.Error(err),
		TooLarge: errors.Is(err, sdk.ErrBlobTooLarge)})
}

// Get streams the blob: its metadata first, then its bytes.
func (b blobsServer) Get(req *pb.BlobGetRequest, stream pb.Blobs_GetServer) error {
	if b.blobs == nil {
		return stream.Send(&pb.BlobChunk{Error: missing(sdk.ServiceBlobs)})
	}
	rc, meta, err := b.blobs.Get(stream.Context(), req.GetId())
	if err != nil {
		return stream.Send(&pb.BlobChunk{Error: toproto.Error(err)})
	}
	defer rc.Close()
	if err := stream.Send(&pb.BlobChunk{Blob: blobInfo(meta)}); err != nil {
		return err
	}
	buf := make([]byte, blobChunk)
	for {
		n, err := io.ReadFull(rc, buf)
		if n > 0 {
			if err := stream.Send(&pb.BlobChunk{Data: buf[:n]}); err != nil {
				return err
			}
		}
		switch {
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			return nil
		case err != nil:
			return err
		}
	}
}

func (b blobsServer) Delete(ctx context.Context, req *pb.BlobDeleteRequest) (*pb.HostResponse, error) {
	if b.blobs == nil {
		return &pb.HostResponse{Error: missing(sdk.ServiceBlobs)}, nil
	}
	return &pb.HostResponse{Error: toproto.Error(b.blobs.Delete(ctx, req.GetId()))}, nil
}

func blobInfo(b sdk.Blob) *pb.BlobInfo {
	return &pb.BlobInfo{Id: b.ID, ContentType: b.ContentType, Size: b.Size, Sha256: b.SHA256}
}

func fromBlobInfo(b *pb.BlobInfo) sdk.Blob {
	return sdk.Blob{ID: b.GetId(), ContentType: b.GetContentType(), Size: b.GetSize(), SHA256: b.GetSha256()}
}

// chunkReader reads a stream of chunks as one io.Reader.
type chunkReader struct {
	buf  []byte
	recv func() ([]byte, error)
	err  error
}

func (r *chunkReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		r.buf, r.err = r.recv()
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}
