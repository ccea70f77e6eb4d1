//go:build wasip1

package wasm

import (
	"time"
	"unsafe"

	"github.com/masteria/masteria/sdk/wasm/abi"
)

// The masteria_v1 host functions, see package abi for their contracts.

//go:wasmimport masteria_v1 log
func hostLog(msg unsafe.Pointer, msgLen uint32, attrs unsafe.Pointer, attrsLen uint32, level int32) int32

//go:wasmimport masteria_v1 clock_now
func hostClockNow() int64

//go:wasmimport masteria_v1 deadline
func hostDeadline() int64

//go:wasmimport masteria_v1 kv_get
func hostKVGet(key unsafe.Pointer, keyLen uint32) int32

//go:wasmimport masteria_v1 kv_set
func hostKVSet(key unsafe.Pointer, keyLen uint32, value unsafe.Pointer, valueLen uint32, ttlNanos int64) int32

//go:wasmimport masteria_v1 kv_delete
func hostKVDelete(key unsafe.Pointer, keyLen uint32) int32

//go:wasmimport masteria_v1 secret_get
func hostSecretGet(name unsafe.Pointer, nameLen uint32) int32

//go:wasmimport masteria_v1 http_request
func hostHTTPRequest(req unsafe.Pointer, reqLen uint32) int32

//go:wasmimport masteria_v1 blob_put
func hostBlobPut(contentType unsafe.Pointer, contentTypeLen uint32, data unsafe.Pointer, dataLen uint32) int32

//go:wasmimport masteria_v1 blob_get
func hostBlobGet(id unsafe.Pointer, idLen uint32) int32

//go:wasmimport masteria_v1 blob_delete
func hostBlobDelete(id unsafe.Pointer, idLen uint32) int32

//go:wasmimport masteria_v1 emit_event
func hostEmitEvent(subject unsafe.Pointer, subjectLen uint32, payload unsafe.Pointer, payloadLen uint32,
	id unsafe.Pointer, idLen uint32) int32

//go:wasmimport masteria_v1 take
func hostTake(buf unsafe.Pointer, bufLen uint32) int32

//go:wasmimport masteria_v1 output
func hostOutput(buf unsafe.Pointer, bufLen uint32) int32

func init() { served.imports = wasmImports{} }

// wasmImports is the host-import layer over the real host functions.
type wasmImports struct{}

func (wasmImports) log(level int32, msg, attrs []byte) {
	hostLog(ptr(msg), size(msg), ptr(attrs), size(attrs), level)
}

func (wasmImports) clockNow() int64 { return hostClockNow() }

func (wasmImports) kvGet(key []byte) ([]byte, abi.Code) {
	return answer(hostKVGet(ptr(key), size(key)))
}

func (wasmImports) kvSet(key, value []byte, ttl time.Duration) ([]byte, abi.Code) {
	return answer(hostKVSet(ptr(key), size(key), ptr(value), size(value), int64(ttl)))
}

func (wasmImports) kvDelete(key []byte) ([]byte, abi.Code) {
	return answer(hostKVDelete(ptr(key), size(key)))
}

func (wasmImports) secretGet(name []byte) ([]byte, abi.Code) {
	return answer(hostSecretGet(ptr(name), size(name)))
}

func (wasmImports) httpRequest(req []byte) ([]byte, abi.Code) {
	return answer(hostHTTPRequest(ptr(req), size(req)))
}

func (wasmImports) emitEvent(subject, payload, id []byte) ([]byte, abi.Code) {
	return answer(hostEmitEvent(ptr(subject), size(subject), ptr(payload), size(payload), ptr(id), size(id)))
}

func (wasmImports) blobPut(contentType, data []byte) ([]byte, abi.Code) {
	return answer(hostBlobPut(ptr(contentType), size(contentType), ptr(data), size(data)))
}

func (wasmImports) blobGet(id []byte) ([]byte, abi.Code) {
	return answer(hostBlobGet(ptr(id), size(id)))
}

func (wasmImports) blobDelete(id []byte) ([]byte, abi.Code) {
	return answer(hostBlobDelete(ptr(id), size(id)))
}

// answer collects a host function's pending data: n bytes of result on
// success, an abi.Error of unknown length after a negative code.
func answer(n int32) ([]byte, abi.Code) {
	switch {
	case n == 0:
		return nil, abi.CodeOK
	case n > 0:
		buf := make([]byte, n)
		hostTake(ptr(buf), size(buf))
		return buf, abi.CodeOK
	}
	buf := make([]byte, 512)
	if m := hostTake(ptr(buf), size(buf)); m > int32(len(buf)) {
		buf = make([]byte, m)
		hostTake(ptr(buf), size(buf))
	} else {
		buf = buf[:max(m, 0)]
	}
	return buf, n
}

func ptr(b []byte) unsafe.Pointer { return unsafe.Pointer(unsafe.SliceData(b)) }
func size(b []byte) uint32        { return uint32(len(b)) }
