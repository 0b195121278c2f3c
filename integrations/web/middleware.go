package web

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/nhttf/frontdoor/integrations/twilio"
)

const rawBodyKey = "rawBody"

// rawBody reads the whole body (under BodyLimit, so an oversized one fails here with 413, before
// any parsing) and keeps it for the signature check and the handler.
func rawBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		b, err := io.ReadAll(c.Request().Body)
		if err != nil {
			return err // echo.ErrStatusRequestEntityTooLarge, or a broken connection
		}
		c.Request().Body = io.NopCloser(bytes.NewReader(b))
		c.Set(rawBodyKey, b)
		return next(c)
	}
}

func bodyOf(c echo.Context) []byte {
	b, _ := c.Get(rawBodyKey).([]byte)
	return b
}

const formKey = "form"

// formOf parses the raw body as a form once per request, for the signature check and the
// handler; nil when the body is not a valid form.
func formOf(c echo.Context) url.Values {
	if f, ok := c.Get(formKey).(url.Values); ok {
		return f
	}
	f, err := url.ParseQuery(string(bodyOf(c)))
	if err != nil {
		f = nil
	}
	c.Set(formKey, f)
	return f
}

// twilioSignature refuses a request whose X-Twilio-Signature does not match the public URL, the
// request URI as received and the raw body: 403, nothing else happens, the body is not logged.
func (s *Server) twilioSignature(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.cfg.Insecure {
			return next(c)
		}
		r := c.Request()
		var form url.Values
		if !isJSON(r) {
			form = formOf(c)
		}
		if !s.twilioSigned(requestURI(r), bodyOf(c), form, r.Header.Get(twilio.SignatureHeader)) {
			s.deps.Metrics.signatureFailures.WithLabelValues(c.Path()).Inc()
			s.deps.Log.Warn("twilio signature check failed", "route", c.Path())
			return echo.NewHTTPError(http.StatusForbidden, "bad signature")
		}
		return next(c)
	}
}

// twilioSigned checks the signature with the current auth token, and with the previous one while
// a rotation's overlap lasts.
func (s *Server) twilioSigned(uri string, body []byte, form url.Values, sig string) bool {
	if s.verifier.Verify(uri, body, form, sig) {
		return true
	}
	if s.previous == nil || (!s.cfg.PreviousUntil.IsZero() && !s.cfg.Now().Before(s.cfg.PreviousUntil)) {
		return false
	}
	return s.previous.Verify(uri, body, form, sig)
}

// requestURI is the path and query exactly as the client sent them.
func requestURI(r *http.Request) string {
	if strings.HasPrefix(r.RequestURI, "/") {
		return r.RequestURI
	}
	return r.URL.RequestURI()
}

// observe times webhooks and logs each request at debug level: route, status, duration only.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err) // write the response now, so the status below is the real one
		}
		route, status := c.Path(), c.Response().Status
		if strings.HasPrefix(route, "/twilio/") || strings.HasPrefix(route, "/slack/") {
			s.deps.Metrics.latencyOf(route).Observe(time.Since(start).Seconds())
		}
		if s.deps.Log.Enabled(c.Request().Context(), slog.LevelDebug) { // its arguments cost allocations
			s.deps.Log.Debug("request", "method", c.Request().Method, "route", route, "status", status,
				"ms", float64(time.Since(start).Microseconds())/1000)
		}
		return nil
	}
}

// recoverPanics turns a panic into a 500 with a log line that names the route only.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if p := recover(); p != nil {
				s.deps.Log.Error("panic while serving", "route", c.Path())
				err = echo.NewHTTPError(http.StatusInternalServerError)
			}
		}()
		return next(c)
	}
}

// errorHandler is the one place errors become HTTP answers. Only unexpected errors are logged,
// and never with the request.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	code, msg := http.StatusInternalServerError, http.StatusText(http.StatusInternalServerError)
	if he, ok := err.(*echo.HTTPError); ok {
		code = he.Code
		if m, ok := he.Message.(string); ok {
			msg = m
		} else {
			msg = http.StatusText(code)
		}
	} else {
		s.deps.Log.Error("request failed", "route", c.Path(), "error", err)
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(code)
		return
	}
	_ = c.String(code, msg+"\n")
}
