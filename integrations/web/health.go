package web

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// healthz says the process serves HTTP.
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz says whether this replica should get traffic: not while draining, and only when every
// check (store reachable, flows loaded) passes. Failing checks are named, their errors logged.
func (s *Server) readyz(c echo.Context) error {
	if s.draining.Load() {
		return c.JSON(http.StatusServiceUnavailable, map[string]any{"status": "draining"})
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	var failed []string
	for _, ch := range s.deps.Checks {
		if err := ch.Fn(ctx); err != nil {
			s.deps.Log.Warn("readiness check failed", "check", ch.Name, "error", err)
			failed = append(failed, ch.Name)
		}
	}
	if len(failed) > 0 {
		return c.JSON(http.StatusServiceUnavailable, map[string]any{"status": "unavailable", "failed": failed})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}
