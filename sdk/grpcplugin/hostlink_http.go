package grpcplugin

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/internal/fromproto"
	"github.com/masteria/masteria/sdk/internal/toproto"
	pb "github.com/masteria/masteria/sdk/proto/plugin/v1"
)

// maxBody bounds a request or response body of HTTP egress, leaving room in
// the message for headers.
const maxBody = MaxMessageSize - 1<<20

// httpClient sends the plugin's requests out through the host, which
// checks every hop against the egress guard. Bodies are buffered.
type httpClient struct{ c pb.HTTPClient }

func (h httpClient) Do(req *http.Request) (*http.Response, error) {
	body, err := readBody(req)
	if err != nil {
		return nil, err
	}
	ctx := req.Context()
	resp, err := h.c.Do(ctx, &pb.HTTPRequest{
		Method: req.Method, Url: req.URL.String(), Headers: toproto.Strings(req.Header), Body: body,
	})
	if err != nil {
		return nil, rpcError(ctx, "http", err)
	}
	if err := fromproto.Error(resp.GetError()); err != nil {
		return nil, err
	}
	code := int(resp.GetStatus())
	return &http.Response{
		Status:     fmt.Sprintf("%d %s", code, http.StatusText(code)),
		StatusCode: code, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header(fromproto.Strings(resp.GetHeaders())),
		Body:          io.NopCloser(bytes.NewReader(resp.GetBody())),
		ContentLength: int64(len(resp.GetBody())),
		Request:       req,
	}, nil
}

// readBody reads and closes the request body, refusing one too large to
// send.
func readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil {
		return nil, nil
	}
	defer req.Body.Close()
	b, err := io.ReadAll(io.LimitReader(req.Body, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("grpcplugin: reading the request body: %w", err)
	}
	if len(b) > maxBody {
		return nil, sdk.Permanent(fmt.Errorf("grpcplugin: request body larger than %d bytes", maxBody), "")
	}
	return b, nil
}
