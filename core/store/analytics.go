package store

import (
	"context"
	"time"
)

// Analytics is the dashboard's overview: counts over a time range, read
// straight from the inbox and the Kanban (no separate rollup tables).
type Analytics interface {
	// AnalyticsOverview counts the tenant's messages created in [From, To),
	// their days (shifted by DayOffset), response times, conversations by
	// status (now) and cards per stage (now).
	AnalyticsOverview(ctx context.Context, tenantID string, r AnalyticsRange) (Overview, error)
}

// AnalyticsRange is the window of an overview. DayOffset is added to every
// time before cutting days, so days follow the viewer's time zone
// (-3h for America/Sao_Paulo).
type AnalyticsRange struct {
	From, To  time.Time
	DayOffset time.Duration
}

// Overview is what the home page shows.
type Overview struct {
	Messages      MessageCounts `json:"messages"`
	Days          []DayCounts   `json:"days"` // only days with messages, oldest first
	Response      ResponseTime  `json:"response"`
	Conversations ConvCounts    `json:"conversations"`
	Stages        []StageCount  `json:"stages"` // every stage of every board, in board and stage order
}

// MessageCounts is the delivery funnel of outbound messages (each count a
// subset of the one before, but Failed) and the inbound total.
type MessageCounts struct {
	Received  int64 `json:"received"`  // inbound messages
	Sent      int64 `json:"sent"`      // outbound messages the provider accepted (sent, delivered or read)
	Delivered int64 `json:"delivered"` // delivered or read
	Read      int64 `json:"read"`
	Replied   int64 `json:"replied"` // sent messages the contact wrote back after
	Failed    int64 `json:"failed"`
}

// DayCounts is one day of the series; Day is "2006-01-02" in the range's offset.
type DayCounts struct {
	Day       string `json:"day"`
	Received  int64  `json:"received"`
	Sent      int64  `json:"sent"`
	Delivered int64  `json:"delivered"`
	Read      int64  `json:"read"`
}

// ResponseTime is how long inbound messages waited for the next outbound
// message of their conversation (bot or agent), over those answered.
type ResponseTime struct {
	Answered int64 `json:"answered"`
	MeanMS   int64 `json:"mean_ms"`
	MedianMS int64 `json:"median_ms"`
}

// ConvCounts is the conversations by state, now.
type ConvCounts struct {
	Open       int64 `json:"open"`
	Pending    int64 `json:"pending"`
	Unassigned int64 `json:"unassigned"` // open and nobody assigned
	Human      int64 `json:"human"`      // open and handled by a person, not the bot
}

// StageCount is the cards (leads) of one Kanban stage, now.
type StageCount struct {
	BoardID    string `json:"board_id"`
	Board      string `json:"board"`
	StageID    string `json:"stage_id"`
	Stage      string `json:"stage"`
	Cards      int64  `json:"cards"`
	ValueCents int64  `json:"value_cents"`
}
