package api

import (
	"strconv"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
)

// page is the envelope of a paginated collection: pass next_cursor back as
// cursor for the next page; empty means this was the last.
type page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

type tagBody struct {
	Tag string `json:"tag"`
}

type noteBody struct {
	Body string `json:"body"`
}

type textBody struct {
	Text string `json:"text"`
}

type statusBody struct {
	Status string `json:"status"`
}

type assignBody struct {
	UserID     string `json:"user_id"`
	RoundRobin bool   `json:"round_robin,omitempty"`
}

type labelBody struct {
	Label string `json:"label"`
}

type presenceBody struct {
	Online bool `json:"online"`
}

// pageOf reads cursor and limit from the query string.
func pageOf(c fiber.Ctx) (store.Page, error) {
	p := store.Page{Cursor: c.Query("cursor")}
	if raw := c.Query("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > 5000 {
			return p, apperr.ListParams(map[string]apperr.Field{"limit": apperr.LimitRange(5000)})
		}
		p.Limit = n
	}
	return p, nil
}

// paged renders a page or the error.
func paged[T any](c fiber.Ctx, items []T, next string, err error) error {
	if err != nil {
		return err
	}
	return ok(c, 200, page[T]{Items: items, NextCursor: next})
}

// listed renders a whole collection or the error.
func listed[T any](c fiber.Ctx, items []T, err error) error {
	if err != nil {
		return err
	}
	return ok(c, 200, list[T]{Items: items})
}

// rendered renders v with status, or the error.
func rendered(c fiber.Ctx, status int, v any, err error) error {
	if err != nil {
		return err
	}
	return ok(c, status, v)
}

// withBody binds the JSON body into a T and hands it to fn.
func withBody[T any](c fiber.Ctx, fn func(in T) error) error {
	var in T
	if err := bind(c, &in); err != nil {
		return err
	}
	return fn(in)
}
