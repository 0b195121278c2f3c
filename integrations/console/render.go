package console

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/flows"
	"github.com/nhttf/frontdoor/internal/yamlpos"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

func staticFiles() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	return http.FileServerFS(sub)
}

// pages holds one parsed template per page, each with the shared layout.
type pages struct {
	byName map[string]*template.Template
}

var funcs = template.FuncMap{
	"sms":     flows.MeasureSMS,
	"since":   since,
	"when":    func(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01-02 15:04 MST") },
	"join":    strings.Join,
	"add":     func(a, b int) int { return a + b },
	"isTest":  isTest,
	"hasPref": strings.HasPrefix,
	"count":   yamlpos.Count, // count 2 "error" is "2 errors"
	"what":    auditWhat,
}

func loadPages() (*pages, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, err
	}
	names, _ := fs.Glob(templateFS, "templates/*.html")
	p := &pages{byName: map[string]*template.Template{}}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, fmt.Errorf("console template %s: %w", n, err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// view is what every page template gets.
type view struct {
	Title   string
	Page    string // the template's name, for the navigation
	User    string
	CSRF    string
	Dev     bool
	Loc     *time.Location
	Work    *workspace // the banner about the draft; nil on pages that do not show it
	Notice  string     // a one-line result of the last action
	Data    any
	Version int64 // the version this replica runs
}

// render writes a page; s is nil before sign-in.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, s *session, title string, data any) {
	c.renderView(w, status, name, s, view{Title: title, Data: data})
}

func (c *Console) renderView(w http.ResponseWriter, status int, name string, s *session, v view) {
	v.Page, v.Dev, v.Loc = name, c.cfg.Dev, c.cfg.Location
	if s != nil {
		v.User, v.CSRF = s.User, s.CSRF
	}
	if c.deps.Live != nil {
		v.Version = c.deps.Live.Version()
	}
	var buf bytes.Buffer
	if err := c.pages.byName[name].ExecuteTemplate(&buf, "layout", v); err != nil {
		c.deps.Log.Error("cannot render a console page", "page", name, "error", err)
		http.Error(w, "The page could not be shown.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// fail answers an unexpected error (the store is down): logged, with a short page.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, err error) {
	c.deps.Log.Error("console request failed", "path", r.URL.Path, "error", err)
	http.Error(w, "Something went wrong on the server (the store may be unreachable). Try again in a moment.", http.StatusInternalServerError)
}

// since says how long ago t was, in words a coordinator reads at a glance.
func since(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "under a minute"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h %02d min", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}
