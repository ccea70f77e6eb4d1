package grpcplugin

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"google.golang.org/protobuf/proto"
)

// The call lane carries the hot calls (Invoke, Send, HandleWebhook) between
// the host and a plugin process without HTTP/2: one Unix socket, frames of
// the protocol's own request and response messages. Over gRPC each call
// costs a stream with its headers and trailers and four goroutine
// hand-offs per side; on two cores that is most of a call's time (see
// RATIONALE.md, "The call lane"). The control calls (Describe, Configure,
// Validate, Cleanup, Health) and the host services stay on gRPC.
//
// A frame is a fixed header then a payload:
//
//	uint32 payload length | uint64 call ID | uint8 kind | int64 deadline (Unix ns, 0 for none) | payload
//
// all big-endian. The host numbers its calls; a reply carries its call's
// ID. The host may send laneCancel for a call it gave up on; the plugin
// cancels that call's context and still replies.

// Frame kinds.
const (
	laneInvoke  byte = 1 // pb.InvokeRequest; the reply carries pb.InvokeResponse
	laneSend    byte = 2 // pb.SendRequest; pb.SendResponse
	laneWebhook byte = 3 // pb.HandleWebhookRequest; pb.HandleWebhookResponse
	laneCancel  byte = 4 // no payload

	laneReply   byte = 0x40 // the call succeeded at the protocol level; payload is the response
	laneFailed  byte = 0x41 // the call panicked or failed below the protocol; payload is a message
	laneUnknown byte = 0x42 // the plugin does not know the request's kind
)

const laneHeaderSize = 4 + 8 + 1 + 8

// maxLanePayload bounds a frame's payload, as gRPC's message limit does.
const maxLanePayload = MaxMessageSize

// laneTokenSize is the length of the token the plugin presents first.
const laneTokenSize = 32

// frame is one decoded frame. payload is the frame's own slice.
type frame struct {
	id       uint64
	kind     byte
	deadline int64
	payload  []byte
}

// appendFrame encodes a frame carrying msg (nil for none) onto buf.
func appendFrame(buf []byte, id uint64, kind byte, deadline time.Time, msg proto.Message) ([]byte, error) {
	var dl int64
	if !deadline.IsZero() {
		dl = deadline.UnixNano()
	}
	start := len(buf)
	buf = binary.BigEndian.AppendUint32(buf, 0)
	buf = binary.BigEndian.AppendUint64(buf, id)
	buf = append(buf, kind)
	buf = binary.BigEndian.AppendUint64(buf, uint64(dl))
	if msg != nil {
		var err error
		if buf, err = (proto.MarshalOptions{}).MarshalAppend(buf, msg); err != nil {
			return buf[:start], err
		}
	}
	n := len(buf) - start - laneHeaderSize
	if n > maxLanePayload {
		return buf[:start], fmt.Errorf("grpcplugin: a %d-byte message exceeds the %d-byte limit", n, maxLanePayload)
	}
	binary.BigEndian.PutUint32(buf[start:], uint32(n))
	return buf, nil
}

// appendTextFrame encodes a frame whose payload is text.
func appendTextFrame(buf []byte, id uint64, kind byte, text string) []byte {
	if len(text) > 4096 {
		text = text[:4096]
	}
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(text)))
	buf = binary.BigEndian.AppendUint64(buf, id)
	buf = append(buf, kind)
	buf = binary.BigEndian.AppendUint64(buf, 0)
	return append(buf, text...)
}

var errLaneFrame = errors.New("grpcplugin: malformed lane frame")

// frameReader reads frames. A read that fails part way (a read deadline
// passing, say) keeps what it has read, so the next call goes on from there
// and the stream stays whole.
type frameReader struct {
	r       *bufio.Reader
	hdr     [laneHeaderSize]byte
	nh      int   // header bytes read
	inFrame bool  // the header is read and f holds it
	f       frame // the frame being read
	np      int   // payload bytes read
}

func newFrameReader(r io.Reader) *frameReader {
	return &frameReader{r: bufio.NewReaderSize(r, 64<<10)}
}

// next reads the next frame. io.EOF means the stream ended between frames.
func (fr *frameReader) next() (frame, error) {
	if !fr.inFrame {
		for fr.nh < laneHeaderSize {
			n, err := fr.r.Read(fr.hdr[fr.nh:])
			fr.nh += n
			if err != nil {
				return frame{}, fr.cut(err)
			}
		}
		n := binary.BigEndian.Uint32(fr.hdr[0:])
		if n > maxLanePayload {
			return frame{}, fmt.Errorf("%w: a %d-byte payload exceeds the %d-byte limit", errLaneFrame, n, maxLanePayload)
		}
		fr.f = frame{id: binary.BigEndian.Uint64(fr.hdr[4:]), kind: fr.hdr[12], deadline: int64(binary.BigEndian.Uint64(fr.hdr[13:]))}
		if n > 0 {
			fr.f.payload = make([]byte, n)
		}
		fr.inFrame = true
	}
	for fr.np < len(fr.f.payload) {
		n, err := fr.r.Read(fr.f.payload[fr.np:])
		fr.np += n
		if err != nil {
			return frame{}, fr.cut(err)
		}
	}
	f := fr.f
	fr.nh, fr.inFrame, fr.f, fr.np = 0, false, frame{}, 0
	return f, nil
}

// cut turns an end of stream inside a frame into io.ErrUnexpectedEOF.
func (fr *frameReader) cut(err error) error {
	if err == io.EOF && (fr.nh > 0 || fr.inFrame) {
		return io.ErrUnexpectedEOF
	}
	return err
}
