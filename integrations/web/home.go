package web

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// homeTemplate is what GET / answers: which endpoints this server has, for the operator who
// opens the address in a browser. It names no texter and no setting's value.
var homeTemplate = template.Must(template.New("home").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Frontdoor</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44em;margin:2em auto;padding:0 1em;color:#1b1f24}code{background:#f3f5f7;padding:0 .2em}.dev{background:#f5a300;padding:.4em .6em;border-radius:4px}</style>
</head><body>
<h1>Frontdoor</h1>
{{if .Dev}}<p class="dev"><strong>Dev mode</strong>: signature checks are off, the store is in memory.
{{if .Console}}Open the <a href="/console/">coordinator console</a> (the account and password are in the server's log).{{end}}</p>{{end}}
<p>This server answers webhooks; there is nothing to read here.</p>
<table>
<tr><td><code>POST /twilio/sms</code></td><td>Twilio's inbound SMS webhook (signed)</td></tr>
<tr><td><code>POST /twilio/status</code></td><td>Twilio's status callbacks (signed)</td></tr>
<tr><td><code>POST /slack/events</code>, <code>/slack/interactions</code>, <code>/slack/commands</code></td><td>Slack's requests (signed){{if not .Slack}}; not taken over HTTP here{{end}}</td></tr>
<tr><td><code>GET /healthz</code></td><td>the process is alive</td></tr>
<tr><td><code>GET /readyz</code></td><td>the store answers and the flows are loaded</td></tr>
<tr><td><code>GET /metrics</code></td><td>Prometheus metrics</td></tr>
{{if .Console}}<tr><td><a href="/console/"><code>/console/</code></a></td><td>the coordinator console (sign-in required)</td></tr>{{end}}
{{if .Chat}}<tr><td><a href="/chat"><code>/chat</code></a></td><td>the web chat, and its snippet <code>/chat/static/embed.js</code></td></tr>{{end}}
</table>
</body></html>
`))

// home answers GET / with the page above, built once.
func (s *Server) home() echo.HandlerFunc {
	var b strings.Builder
	_ = homeTemplate.Execute(&b, struct{ Dev, Console, Slack, Chat bool }{s.cfg.Insecure, s.deps.Console != nil, s.deps.Slack != nil,
		s.deps.WebChat != nil})
	page := []byte(b.String())
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "no-store")
		return c.Blob(http.StatusOK, echo.MIMETextHTMLCharsetUTF8, page)
	}
}
