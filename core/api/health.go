package api

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v3"
	"github.com/gofiber/fiber/v3/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

type check struct {
	Status    string  `json:"status"`
	LatencyMS float64 `json:"latency_ms"`
	Error     string  `json:"error,omitempty"`
}

type healthReply struct {
	Status  string           `json:"status"`
	Version string           `json:"version,omitempty"`
	Checks  map[string]check `json:"checks"`
}

// health answers 200 when the store and the bus answer, 503 otherwise, with
// each check's detail (never internal error text beyond its kind).
func (a *API) health(c fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.Context(), 2*time.Second)
	defer cancel()
	reply := healthReply{Status: "ok", Version: a.Version, Checks: map[string]check{}}
	probe := func(name string, ping func(context.Context) error, gauge func(float64)) {
		start := time.Now()
		chk := check{Status: "ok"}
		if err := ping(ctx); err != nil {
			chk.Status, chk.Error, reply.Status = "down", name+" does not answer", "down"
			a.Log.Warn("health check failed", "check", name, "err", err)
		}
		chk.LatencyMS = float64(time.Since(start).Microseconds()) / 1000
		reply.Checks[name] = chk
		gauge(map[bool]float64{true: 1}[chk.Status == "ok"])
	}
	probe("store", a.Store.Ping, a.Metrics.StoreUp.Set)
	probe("bus", a.Bus.Ping, a.Metrics.BusConnected.Set)
	if n, _, err := a.Store.OutboxBacklog(ctx); err == nil {
		a.Metrics.OutboxBacklog.Set(float64(n))
	}
	status := fiber.StatusOK
	if reply.Status != "ok" {
		status = fiber.StatusServiceUnavailable
	}
	return c.Status(status).JSON(reply)
}

func (a *API) metricsHandler() fiber.Handler {
	return adaptor.HTTPHandler(promhttp.HandlerFor(a.Metrics.Registry, promhttp.HandlerOpts{}))
}
