package grpcplugin

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/internal/fromproto"
	"github.com/masteria/masteria/sdk/internal/toproto"
	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
)

type httpServer struct {
	pb.UnimplementedHTTPServer
	http sdk.HTTP
}

// maxBody bounds a request or response body of the host's HTTP service,
// leaving room in the message for headers.
const maxBody = MaxMessageSize - 1<<20

// Do makes the plugin's request with the host's client, bounded by the
// plugin's context, and buffers the response.
func (h httpServer) Do(ctx context.Context, req *pb.HTTPRequest) (*pb.HTTPResponse, error) {
	if h.http == nil {
		return &pb.HTTPResponse{Error: missing(sdk.ServiceHTTP)}, nil
	}
	resp, err := h.do(ctx, req)
	if err != nil {
		return &pb.HTTPResponse{Error: toproto.Error(err)}, nil
	}
	return resp, nil
}

func (h httpServer) do(ctx context.Context, req *pb.HTTPRequest) (*pb.HTTPResponse, error) {
	hr, err := http.NewRequestWithContext(ctx, req.GetMethod(), req.GetUrl(), bytes.NewReader(req.GetBody()))
	if err != nil {
		return nil, sdk.Permanent(fmt.Errorf("grpcplugin: bad request: %w", err), "")
	}
	if len(req.GetBody()) == 0 {
		hr.Body, hr.ContentLength = http.NoBody, 0
	}
	hr.Header = http.Header(fromproto.Strings(req.GetHeaders()))
	if hr.Header == nil {
		hr.Header = http.Header{}
	}
	resp, err := h.http.Do(hr)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("grpcplugin: reading the response body: %w", err)
	}
	if len(body) > maxBody {
		return nil, sdk.Permanent(fmt.Errorf("grpcplugin: response body larger than %d bytes", maxBody), "")
	}
	return &pb.HTTPResponse{Status: int32(resp.StatusCode), Headers: toproto.Strings(resp.Header), Body: body}, nil
}
