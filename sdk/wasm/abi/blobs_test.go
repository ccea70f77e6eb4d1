package abi

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

func TestBlobGetFraming(t *testing.T) {
	s := &Services{Host: sdk.Host{Blobs: &sdktest.MemoryBlobs{}}}
	data := []byte("line one\nline two\n")
	out, code := s.BlobPut(context.Background(), []byte("text/plain"), data)
	if code != CodeOK {
		t.Fatalf("BlobPut = %s, %d", out, code)
	}
	id := bytes.SplitN(bytes.SplitN(out, []byte(`"id":"`), 2)[1], []byte(`"`), 2)[0]
	got, code := s.BlobGet(context.Background(), id)
	meta, body, err := SplitBlob(got)
	if code != CodeOK || err != nil || !bytes.Equal(body, data) || meta.ID != string(id) || meta.ContentType != "text/plain" {
		t.Errorf("BlobGet = %+v %q (%d, %v)", meta, body, code, err)
	}
	out, code = s.BlobGet(context.Background(), []byte("blb_nope"))
	if code != CodeNotFound {
		t.Errorf("BlobGet unknown = %s, %d; want CodeNotFound", out, code)
	}
}

// FuzzSplitBlob: whatever the host hands back, the guest gets a blob whose
// size matches its bytes, or an invalid-call error; never a panic.
func FuzzSplitBlob(f *testing.F) {
	f.Add([]byte("{\"id\":\"b\",\"size\":2}\nhi"))
	f.Add([]byte("{\"size\":3}\nhi"))
	f.Add([]byte("no newline"))
	f.Add([]byte("\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		meta, body, err := SplitBlob(data)
		switch {
		case err != nil && !errors.Is(err, ErrInvalid):
			t.Errorf("error %v is not ErrInvalid", err)
		case err == nil && int64(len(body)) != meta.Size:
			t.Errorf("size %d for %d bytes", meta.Size, len(body))
		}
	})
}
