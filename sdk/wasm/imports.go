package wasm

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/masteria/masteria/sdk/wasm/abi"
)

// hostImports is the host-import layer: the masteria_v1 host functions as
// the guest calls them, on Go slices. Each returns the function's data and
// abi.CodeOK, or a marshalled abi.Error and a negative code. abi.go
// implements it with go:wasmimport on wasip1; stub_abi.go implements it
// natively over abi.Services. Everything above it is the same code on both.
type hostImports interface {
	log(level int32, msg, attrs []byte)
	clockNow() int64
	kvGet(key []byte) ([]byte, abi.Code)
	kvSet(key, value []byte, ttl time.Duration) ([]byte, abi.Code)
	kvDelete(key []byte) ([]byte, abi.Code)
	secretGet(name []byte) ([]byte, abi.Code)
	httpRequest(req []byte) ([]byte, abi.Code)
	emitEvent(subject, payload, id []byte) ([]byte, abi.Code)
	blobPut(contentType, data []byte) ([]byte, abi.Code)
	blobGet(id []byte) ([]byte, abi.Code)
	blobDelete(id []byte) ([]byte, abi.Code)
}

// hostError turns a failed host function's answer into an error that keeps
// its class and wraps the sentinel of its kind (sdk.ErrNotFound, …).
func hostError(fn string, data []byte, code abi.Code) error {
	if code >= 0 {
		return nil
	}
	var e abi.Error
	if err := json.Unmarshal(data, &e); err != nil {
		return fmt.Errorf("wasm: host function %s failed with code %d", fn, code)
	}
	return e.Err()
}
