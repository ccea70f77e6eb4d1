package grpcplugin

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/masteria/masteria/sdk"
)

// ErrUnreachable means the other end of a plugin connection did not answer:
// the plugin process exited or is restarting, or the connection broke. It is
// classed retryable: the call never ran, or ran in a process that is gone,
// and the step runs again on the restarted plugin under the same
// idempotency key.
var ErrUnreachable = errors.New("grpcplugin: plugin process unreachable")

// rpcError classifies a failed gRPC call. An error the plugin returned
// travels inside the response instead, so this sees only transport
// failures, cancellation and protocol mismatches.
func rpcError(ctx context.Context, call string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return sdk.Retryable(fmt.Errorf("grpcplugin: %s: %w", call, ctxErr), 0)
	}
	st, _ := status.FromError(err)
	switch st.Code() {
	case codes.Canceled, codes.DeadlineExceeded:
		// The server resets the stream at the deadline it was sent, which
		// may reach us a moment before our own timer fires.
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < deadlineSkew {
			<-ctx.Done()
			return sdk.Retryable(fmt.Errorf("grpcplugin: %s: %w", call, ctx.Err()), 0)
		}
	case codes.Unimplemented:
		return sdk.Permanent(fmt.Errorf("grpcplugin: %s: the other side does not speak this call: %s", call, st.Message()), "")
	case codes.Internal: // a recovered panic
		return sdk.Retryable(fmt.Errorf("grpcplugin: %s: %s", call, st.Message()), 0)
	}
	// Anything else with the caller's context still live is the connection
	// failing under the call, including "the client connection is closing".
	return sdk.Retryable(fmt.Errorf("grpcplugin: %s: %w: %s", call, ErrUnreachable, st.Message()), 0)
}

// deadlineSkew is how early a deadline may reach us from the other side.
const deadlineSkew = 50 * time.Millisecond

// recoverPanics turns a panic in a call into an Internal error, so one bad
// call fails alone instead of taking every connection of the process down.
// The stack goes to stderr, which the host logs.
func recoverPanics(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (resp any, err error) {
	defer func() {
		if v := recover(); v != nil {
			fmt.Fprintf(os.Stderr, "panic in %s: %v\n%s", info.FullMethod, v, debug.Stack())
			err = status.Errorf(codes.Internal, "plugin panicked: %v", v)
		}
	}()
	return h(ctx, req)
}
