// Package abi is version 1 of the Master IA WASM plugin ABI: the names both
// sides agree on, the JSON carried across, and the code each side shares.
// The guest SDK (package wasm) and the host (core/plugin/wasmhost) both
// import it, so the contract is written once. ../ABI.md describes it for
// authors of guests in other languages.
//
// Host services ([Services]) and the host's view of a guest as an
// [sdk.Plugin] ([NewPlugin]) live here too, because the native stub build of
// the guest SDK runs them without WASM.
package abi

// Module is the import module every host function lives in. A change that
// breaks guests gets a new module name ("masteria_v2") served side by side.
const Module = "masteria_v1"

// The guest's entry exports. Each takes (ptr, len uint32) of an input the
// host wrote into a buffer from [ExportAlloc], hands the result to the host
// function [FuncOutput] before returning, and returns a status: [StatusOK]
// with the result JSON, or [StatusError] with an [Error] as JSON.
const (
	// ExportDescribe takes no input and outputs the manifest.
	ExportDescribe = "masteria_describe"
	// ExportProvision takes a [Provision] and opens the connection.
	ExportProvision = "masteria_provision"
	// ExportInvoke takes an [Invoke] and outputs the action's values.
	ExportInvoke = "masteria_invoke"
	// ExportSend takes an sdk.OutboundMessage, outputs an sdk.SendResult.
	ExportSend = "masteria_send"
	// ExportHandleWebhook takes an sdk.WebhookRequest, outputs a
	// [WebhookResult].
	ExportHandleWebhook = "masteria_handle_webhook"
	// ExportCleanup takes no input and closes the connection.
	ExportCleanup = "masteria_cleanup"
)

// The guest's memory exports.
const (
	// ExportAlloc (size uint32) -> ptr uint32 returns a buffer of size
	// bytes the host may write inputs into; 0 means it could not
	// allocate. The buffer stays the host's, reused across calls, until
	// ExportFree; an entry export must not keep references into it.
	ExportAlloc = "masteria_alloc"
	// ExportFree (ptr uint32) releases a buffer from ExportAlloc.
	ExportFree = "masteria_free"
)

// Exports lists every export a guest must provide.
var Exports = []string{ExportAlloc, ExportFree, ExportDescribe, ExportProvision,
	ExportInvoke, ExportSend, ExportHandleWebhook, ExportCleanup}

// Entry statuses, returned by the entry exports.
const (
	StatusOK    uint32 = 0
	StatusError uint32 = 1
)

// Host functions in [Module]. Pointers and lengths are uint32 offsets into
// the guest's memory; integers are little-endian. Functions returning data
// return its length (>= 0) and keep it pending until [FuncTake]; every
// failure returns a negative [Code] with an [Error] pending.
const (
	// FuncLog (msg ptr+len, attrs ptr+len, level i32) -> code: attrs is a
	// JSON array of [Attr], level one of LevelDebug…LevelError.
	FuncLog = "log"
	// FuncClockNow () -> i64: the host clock, Unix nanoseconds.
	FuncClockNow = "clock_now"
	// FuncDeadline () -> i64: the current call's deadline in Unix
	// nanoseconds, 0 for none.
	FuncDeadline = "deadline"
	// FuncKVGet (key ptr+len) -> length of the value.
	FuncKVGet = "kv_get"
	// FuncKVSet (key ptr+len, value ptr+len, ttl_ns i64) -> code.
	FuncKVSet = "kv_set"
	// FuncKVDelete (key ptr+len) -> code.
	FuncKVDelete = "kv_delete"
	// FuncSecretGet (name ptr+len) -> length of the secret.
	FuncSecretGet = "secret_get"
	// FuncHTTPRequest (request ptr+len) -> length of the response: both
	// JSON, [HTTPRequest] and [HTTPResponse].
	FuncHTTPRequest = "http_request"
	// FuncEmitEvent (subject ptr+len, payload ptr+len, id ptr+len) -> code.
	FuncEmitEvent = "emit_event"
	// FuncBlobPut (content type ptr+len, data ptr+len) -> length of the
	// stored blob's metadata, JSON [sdk.Blob].
	FuncBlobPut = "blob_put"
	// FuncBlobGet (id ptr+len) -> length of the blob: its metadata as JSON
	// [sdk.Blob], a newline, then its bytes (see [SplitBlob]).
	FuncBlobGet = "blob_get"
	// FuncBlobDelete (id ptr+len) -> code.
	FuncBlobDelete = "blob_delete"
	// FuncTake (ptr, cap) -> length of the pending data: when it fits in
	// cap bytes it is copied to ptr and cleared; otherwise nothing is
	// copied and the guest calls again with a buffer of that length.
	FuncTake = "take"
	// FuncOutput (ptr, len) -> code: sets the current entry call's result.
	FuncOutput = "output"
)

// Code is the result of a host function: zero or a length on success,
// negative on failure.
type Code = int32

// The failure codes. Each comes with an [Error] pending, whose Kind repeats
// the code for guests that only read JSON.
const (
	CodeOK             Code = 0
	CodeNotFound       Code = -1 // the key or secret does not exist
	CodeNotPermitted   Code = -2 // the manifest does not declare the service
	CodeHostNotAllowed Code = -3 // HTTP egress to an undeclared host
	CodeInvalid        Code = -4 // a pointer out of bounds, malformed JSON
	CodeFailed         Code = -5 // the service failed; see the Error's class
)

// Log levels for [FuncLog].
const (
	LevelDebug int32 = iota
	LevelInfo
	LevelWarn
	LevelError
)
