package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// routes builds the router: every endpoint of DESIGN.md §4. Routes match exactly: configure
// webhook URLs without a trailing slash (a rewritten path would break the signature).
func (s *Server) routes() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	e.IPExtractor = echo.ExtractIPDirect() // never trust X-Forwarded-For; nothing here needs the IP
	e.Use(s.recoverPanics, s.observe)

	webhook := []echo.MiddlewareFunc{middleware.BodyLimit(s.cfg.BodyLimit), rawBody}
	tw := e.Group("/twilio", append(webhook, s.twilioSignature)...)
	tw.POST("/sms", s.sms)
	tw.POST("/status", s.status)

	s.slackRoutes(e, webhook)

	e.Match([]string{http.MethodGet, http.MethodHead}, "/", s.home())
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", echo.WrapHandler(promhttp.HandlerFor(s.deps.Metrics.Registry(), promhttp.HandlerOpts{})))
	if s.deps.Console != nil { // the coordinator console: net/http, with its own limits and checks
		console := echo.WrapHandler(s.deps.Console)
		e.Any("/console", console)
		e.Any("/console/*", console)
	}
	if s.deps.WebChat != nil { // the web chat: net/http, with its own limits and headers
		chat := echo.WrapHandler(s.deps.WebChat)
		e.Any("/chat", chat)
		e.Any("/chat/*", chat)
	}
	return e
}
