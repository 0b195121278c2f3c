package console

import (
	"bufio"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/report"
)

// The Reports page: the daily counters (bot.StatsStore) of a date range, by day or week, as
// charts and the same figures as tables; CSV and JSON as `frontdoor report` writes them; and a
// one-page printable monthly summary. Counts from 1 to 4 read "<5" everywhere here.

// reportQuery is the range a page shows, read from its query string.
type reportQuery struct {
	Since, Until time.Time
	By           string
	Problem      string // what was wrong with the query, which was replaced by the default
}

// report builds (or takes from the cache) the report of q in the console's time zone.
func (c *Console) report(ctx context.Context, q reportQuery) (report.Report, error) {
	return c.reports.build(ctx, c.deps.Stats, c.deps.Clock.Now(), report.Options{Since: q.Since, Until: q.Until, By: q.By, Loc: c.cfg.Location})
}

// defaultDays is the range of a Reports page opened without one: the last 30 days.
const defaultDays = 30

func (c *Console) reportQuery(r *http.Request) reportQuery {
	today := dateOf(c.now())
	q := reportQuery{Since: today.AddDate(0, 0, -(defaultDays - 1)), Until: today, By: report.ByDay}
	v := r.URL.Query()
	if b := v.Get("by"); b == report.ByWeek || b == report.ByDay {
		q.By = b
	} else if b != "" {
		q.Problem = "Show by day or by week."
	}
	since, err1 := readDay(v.Get("since"), q.Since)
	until, err2 := readDay(v.Get("until"), q.Until)
	switch {
	case err1 != nil || err2 != nil:
		q.Problem = "Dates are days like 2026-03-01; showing the last 30 days."
	case until.Before(since):
		q.Problem = "The last day is before the first; showing the last 30 days."
	case until.Sub(since) >= report.MaxDays*24*time.Hour:
		q.Problem = fmt.Sprintf("A report covers at most %d days; showing the last 30 days.", report.MaxDays)
	default:
		q.Since, q.Until = since, until
	}
	return q
}

// dateOf is the date t reads as where it is, as a UTC midnight: the form the page keeps dates in
// (report.Build reads them as days of the console's time zone).
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func readDay(s string, def time.Time) (time.Time, error) {
	if s == "" {
		return def, nil
	}
	return time.Parse("2006-01-02", s)
}

// Query is the query string of the same range, for links to charts and exports (typed so that
// the template keeps its "=" and "&"; the values are dates and a fixed word, encoded here).
func (q reportQuery) Query() template.URL {
	return template.URL(url.Values{"since": {day(q.Since)}, "until": {day(q.Until)}, "by": {q.By}}.Encode())
}

func day(t time.Time) string { return t.Format("2006-01-02") }

// reportsData is what the Reports page shows.
type reportsData struct {
	Q        reportQuery
	SinceStr string
	UntilStr string
	Report   report.Report
	Rows     []report.Row
	Charts   []chartView
	Months   []string // the months offered for the printable summary, newest first
	Off      bool     // the store keeps no counters
}

type chartView struct {
	Name, Title, Alt string
	Rows             []chartRow // the chart's figures, for its table
}

type chartRow struct{ Label, Value string }

func (c *Console) reportsPage(w http.ResponseWriter, r *http.Request, s *session) {
	q := c.reportQuery(r)
	d := reportsData{Q: q, SinceStr: day(q.Since), UntilStr: day(q.Until), Months: c.months(12), Off: c.deps.Stats == nil}
	if !d.Off {
		rep, err := c.report(r.Context(), q)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		d.Report, d.Rows, d.Charts = rep, rep.Rows(), chartViews(rep)
	}
	c.renderView(w, http.StatusOK, "reports", s, view{Title: "Reports", Data: d, Notice: q.Problem})
}

// chartViews lists the page's charts with their figures as the tables show them.
func chartViews(rep report.Report) []chartView {
	var out []chartView
	for _, name := range chartNames {
		ser, _ := chartOf(name, rep)
		v := chartView{Name: name, Title: ser.title, Alt: ser.title + ": the table below the chart has the same figures."}
		for i := range ser.labels {
			v.Rows = append(v.Rows, chartRow{Label: ser.labels[i], Value: bot.ShowCount(ser.values[i])})
		}
		if ser.horizontal {
			slices.Reverse(v.Rows) // the chart draws the first at the bottom
		}
		out = append(out, v)
	}
	return out
}

// months are the last n months, "2006-01", newest first.
func (c *Console) months(n int) []string {
	now := dateOf(c.now())
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	out := make([]string, n)
	for i := range n {
		out[i] = first.AddDate(0, -i, 0).Format("2006-01")
	}
	return out
}

// requestedReport reads the range a chart or export request asks for and builds its report; it
// answers the request itself (404 without counters, or the error) when it reports false.
func (c *Console) requestedReport(w http.ResponseWriter, r *http.Request) (reportQuery, report.Report, bool) {
	q := c.reportQuery(r)
	if c.deps.Stats == nil {
		http.NotFound(w, r)
		return q, report.Report{}, false
	}
	rep, err := c.report(r.Context(), q)
	if err != nil {
		c.fail(w, r, err)
		return q, report.Report{}, false
	}
	return q, rep, true
}

// reportChart answers one chart as SVG. The SVG carries its styles in attributes, which an <img>
// renders without any script: its response allows inline style and nothing else.
func (c *Console) reportChart(w http.ResponseWriter, r *http.Request, s *session) {
	_, rep, ok := c.requestedReport(w, r)
	if !ok {
		return
	}
	ser, ok := chartOf(r.PathValue("chart"), rep)
	if !ok {
		http.NotFound(w, r)
		return
	}
	b, err := ser.svg()
	if err != nil {
		c.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Write(b)
}

// reportExport answers the range as CSV or JSON, as `frontdoor report` writes it.
func (c *Console) reportExport(w http.ResponseWriter, r *http.Request, s *session) {
	q, rep, ok := c.requestedReport(w, r)
	if !ok {
		return
	}
	name := "frontdoor-report-" + day(q.Since) + "-" + day(q.Until)
	bw := bufio.NewWriter(w)
	var err error
	switch r.URL.Query().Get("format") {
	case "json":
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
		err = rep.WriteJSON(bw)
	case "csv", "":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		err = rep.WriteCSV(bw)
	default:
		http.Error(w, "format is csv or json", http.StatusBadRequest)
		return
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		c.deps.Log.Error("cannot write a report export", "error", err)
	}
}

// printData is the monthly summary.
type printData struct {
	Month      string // "March 2026"
	Q          reportQuery
	Report     report.Report
	Key        []report.Row // the headline figures
	Charts     []chartView
	Generated  time.Time
	Incomplete bool // the month is not over yet
}

// headline are the figures of the printed summary's table.
var headline = []string{bot.StatConversations, bot.StatTips, bot.StatTipsUrgent, bot.StatHandoffs, bot.StatClaims,
	"claim_p50_minutes", "claim_p90_minutes", bot.StatEscalations, bot.StatHotline, bot.StatCloses, bot.StatEnded,
	bot.StatOptOuts, bot.StatDeletions, bot.StatQuickExits, bot.StatFailSafe}

func (c *Console) reportPrint(w http.ResponseWriter, r *http.Request, s *session) {
	if c.deps.Stats == nil {
		http.NotFound(w, r)
		return
	}
	m := r.URL.Query().Get("month")
	first, err := time.Parse("2006-01", m)
	if err != nil {
		c.renderView(w, http.StatusBadRequest, "reports", s, view{Title: "Reports", Notice: "Choose a month like 2026-03.",
			Data: reportsData{Q: c.reportQuery(r), Off: true, Months: c.months(12)}})
		return
	}
	q := reportQuery{Since: first, Until: first.AddDate(0, 1, -1), By: report.ByWeek}
	rep, err := c.report(r.Context(), q)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d := printData{Month: first.Format("January 2006"), Q: q, Report: rep, Charts: chartViews(rep), Generated: c.now(),
		Incomplete: !dateOf(c.now()).After(q.Until)}
	for _, row := range rep.Rows() {
		if slices.Contains(headline, row.Key) {
			d.Key = append(d.Key, row)
		}
	}
	c.renderView(w, http.StatusOK, "print", s, view{Title: "Monthly summary, " + d.Month, Data: d})
}
