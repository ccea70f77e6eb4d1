package wasmhost

import (
	"bytes"
	"context"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/masteria/masteria/sdk/wasm/abi"
)

const (
	i32 = api.ValueTypeI32
	i64 = api.ValueTypeI64
)

// hostFunc is one masteria_v1 host function.
type hostFunc struct {
	name            string
	params, results []api.ValueType
	fn              api.GoModuleFunc
}

// hostFuncs are the host functions; package abi documents each. They never
// trap: a bad pointer answers abi.CodeInvalid, a failing service a
// negative code, both with an abi.Error pending.
var hostFuncs = []hostFunc{
	{abi.FuncLog, []api.ValueType{i32, i32, i32, i32, i32}, []api.ValueType{i32},
		serve(2, func(_ context.Context, in *instance, a [][]byte, rest []uint64) ([]byte, abi.Code) {
			return in.svc.Log(api.DecodeI32(rest[0]), a[0], a[1])
		})},
	{abi.FuncClockNow, nil, []api.ValueType{i64}, func(ctx context.Context, _ api.Module, stack []uint64) {
		stack[0] = 0
		if in := instanceOf(ctx); in != nil {
			stack[0] = api.EncodeI64(in.svc.ClockNow())
		}
	}},
	{abi.FuncDeadline, nil, []api.ValueType{i64}, func(ctx context.Context, _ api.Module, stack []uint64) {
		stack[0] = 0
		if d, ok := ctx.Deadline(); ok {
			stack[0] = api.EncodeI64(d.UnixNano())
		}
	}},
	{abi.FuncKVGet, []api.ValueType{i32, i32}, []api.ValueType{i32},
		serve(1, func(ctx context.Context, in *instance, a [][]byte, _ []uint64) ([]byte, abi.Code) {
			return in.svc.KVGet(ctx, a[0])
		})},
	{abi.FuncKVSet, []api.ValueType{i32, i32, i32, i32, i64}, []api.ValueType{i32},
		serve(2, func(ctx context.Context, in *instance, a [][]byte, rest []uint64) ([]byte, abi.Code) {
			return in.svc.KVSet(ctx, a[0], a[1], time.Duration(int64(rest[0])))
		})},
	{abi.FuncKVDelete, []api.ValueType{i32, i32}, []api.ValueType{i32},
		serve(1, func(ctx context.Context, in *instance, a [][]byte, _ []uint64) ([]byte, abi.Code) {
			return in.svc.KVDelete(ctx, a[0])
		})},
	{abi.FuncSecretGet, []api.ValueType{i32, i32}, []api.ValueType{i32},
		serve(1, func(ctx context.Context, in *instance, a [][]byte, _ []uint64) ([]byte, abi.Code) {
			return in.svc.SecretGet(ctx, a[0])
		})},
	{abi.FuncHTTPRequest, []api.ValueType{i32, i32}, []api.ValueType{i32},
		serve(1, func(ctx context.Context, in *instance, a [][]byte, _ []uint64) ([]byte, abi.Code) {
			return in.svc.HTTPRequest(ctx, a[0])
		})},
	{abi.FuncEmitEvent, []api.ValueType{i32, i32, i32, i32, i32, i32}, []api.ValueType{i32},
		serve(3, func(ctx context.Context, in *instance, a [][]byte, _ []uint64) ([]byte, abi.Code) {
			return in.svc.EmitEvent(ctx, a[0], a[1], a[2])
		})},
	{abi.FuncBlobPut, []api.ValueType{i32, i32, i32, i32}, []api.ValueType{i32},
		serve(2, func(ctx context.Context, in *instance, a [][]byte, _ []uint64) ([]byte, abi.Code) {
			return in.svc.BlobPut(ctx, a[0], a[1])
		})},
	{abi.FuncBlobGet, []api.ValueType{i32, i32}, []api.ValueType{i32},
		serve(1, func(ctx context.Context, in *instance, a [][]byte, _ []uint64) ([]byte, abi.Code) {
			return in.svc.BlobGet(ctx, a[0])
		})},
	{abi.FuncBlobDelete, []api.ValueType{i32, i32}, []api.ValueType{i32},
		serve(1, func(ctx context.Context, in *instance, a [][]byte, _ []uint64) ([]byte, abi.Code) {
			return in.svc.BlobDelete(ctx, a[0])
		})},
	{abi.FuncTake, []api.ValueType{i32, i32}, []api.ValueType{i32}, take},
	{abi.FuncOutput, []api.ValueType{i32, i32}, []api.ValueType{i32},
		serve(1, func(_ context.Context, in *instance, a [][]byte, _ []uint64) ([]byte, abi.Code) {
			in.output = bytes.Clone(a[0])
			return nil, abi.CodeOK
		})},
}

// hostFunctionNames lists what the module imports may name.
var hostFunctionNames = func() []string {
	names := make([]string, len(hostFuncs))
	for i, f := range hostFuncs {
		names[i] = f.name
	}
	return names
}()

// instantiateHostModule adds the masteria_v1 module to rt.
func instantiateHostModule(ctx context.Context, rt wazero.Runtime) error {
	b := rt.NewHostModuleBuilder(abi.Module)
	for _, f := range hostFuncs {
		b.NewFunctionBuilder().WithGoModuleFunction(f.fn, f.params, f.results).Export(f.name)
	}
	_, err := b.Instantiate(ctx)
	return err
}

// serve adapts a host function whose first n arguments are byte buffers
// (pointer and length each) to wazero: it reads them out of the module's
// memory, calls f with them and the remaining stack values, and leaves
// f's data pending for take.
func serve(n int, f func(ctx context.Context, in *instance, args [][]byte, rest []uint64) ([]byte, abi.Code)) api.GoModuleFunc {
	return func(ctx context.Context, mod api.Module, stack []uint64) {
		in := instanceOf(ctx)
		if in == nil {
			stack[0] = api.EncodeI32(abi.CodeFailed)
			return
		}
		args := make([][]byte, n)
		for i := range args {
			b, ok := mod.Memory().Read(api.DecodeU32(stack[2*i]), api.DecodeU32(stack[2*i+1]))
			if !ok {
				stack[0] = in.answer(outOfBounds())
				return
			}
			args[i] = b
		}
		stack[0] = in.answer(f(ctx, in, args, stack[2*n:]))
	}
}

func outOfBounds() ([]byte, abi.Code) {
	e := abi.Error{Class: "permanent", Kind: abi.KindInvalid, Message: "abi: invalid call: buffer out of bounds"}
	return e.Marshal(), abi.CodeInvalid
}

// answer keeps data pending and returns the function's i32 result: the
// data's length on success, the negative code on failure.
func (in *instance) answer(data []byte, code abi.Code) uint64 {
	in.pending = data
	if code < 0 {
		return api.EncodeI32(code)
	}
	return api.EncodeI32(int32(len(data)))
}

// take copies the pending data to (ptr, cap) when it fits, and returns
// its length either way.
func take(ctx context.Context, mod api.Module, stack []uint64) {
	in := instanceOf(ctx)
	if in == nil {
		stack[0] = api.EncodeI32(abi.CodeFailed)
		return
	}
	n := len(in.pending)
	if uint32(n) <= api.DecodeU32(stack[1]) {
		if !mod.Memory().Write(api.DecodeU32(stack[0]), in.pending) {
			stack[0] = api.EncodeI32(abi.CodeInvalid)
			return
		}
		in.pending = nil
	}
	stack[0] = api.EncodeI32(int32(n))
}
