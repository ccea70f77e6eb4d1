package engine

import (
	"context"
	"encoding/json"
)

// MemoryWorld is the CRM a flow test or dry run sees: tags and one Kanban
// card, kept in memory.
type MemoryWorld struct {
	Tags         map[string]bool
	Fields       map[string]any
	Board, Stage string
	HandedOff    bool
}

// TagContact adds or removes a tag.
func (w *MemoryWorld) TagContact(_ context.Context, _, _, tag string, add bool) error {
	if add {
		w.Tags[tag] = true
	} else {
		delete(w.Tags, tag)
	}
	return nil
}

// UpdateContact records field changes.
func (w *MemoryWorld) UpdateContact(_ context.Context, _, _ string, fields map[string]any) error {
	if w.Fields == nil {
		w.Fields = map[string]any{}
	}
	for k, v := range fields {
		w.Fields[k] = v
	}
	return nil
}

// MoveCard puts the card on board/stage.
func (w *MemoryWorld) MoveCard(_ context.Context, _, _, board, stage string) (map[string]any, error) {
	w.Board, w.Stage = board, stage
	return map[string]any{"board": board, "stage": stage}, nil
}

// Handoff marks the conversation as handed to a human.
func (w *MemoryWorld) Handoff(context.Context, string, string, map[string]any) error {
	w.HandedOff = true
	return nil
}

func jsonUnmarshal(s string, v any) error {
	if s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), v)
}
