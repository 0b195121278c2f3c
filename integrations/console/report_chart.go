package console

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/report"
)

// The Reports page's charts are drawn on the server as SVG with gonum/plot: a maintained Go
// plotting library, so the console ships no charting JavaScript, the charts print, and the page
// needs nothing beyond its strict CSP (the SVG is an <img>, which runs no script). Every chart
// has the same figures as a table beside it, for screen readers. A count from 1 to 4 is drawn as
// an empty bar (its label says "<5"): a bar's height must not tell what the table hides.

// chartNames are the charts the page shows, by the name in their URL.
var chartNames = []string{"conversations", "regions", "claims", "outcomes"}

// series is what one chart draws: a bar per label.
type series struct {
	title, axis string
	labels      []string
	values      []int64
	horizontal  bool
}

// chartOf returns the series of the named chart of a report; ok false for an unknown name.
func chartOf(name string, r report.Report) (series, bool) {
	switch name {
	case "conversations":
		s := series{title: "Conversations started, by " + r.By, axis: "conversations"}
		for _, p := range r.Periods {
			s.labels = append(s.labels, p.Start.Format("Jan 2"))
			s.values = append(s.values, p.Get(bot.StatConversations))
		}
		return s, true
	case "regions":
		s := series{title: "Tips by state", axis: "tips", horizontal: true}
		regions := r.Total.Labels(bot.StatTipsRegion)
		for i := len(regions) - 1; i >= 0; i-- { // most first, at the top
			l := regions[i]
			s.labels = append(s.labels, regionText(l))
			s.values = append(s.values, r.Total.Get(bot.StatTipsRegion+":"+l))
		}
		return s, true
	case "claims":
		s := series{title: "Time to claim", axis: "handoffs claimed"}
		prev := ""
		for _, b := range bot.ClaimBuckets {
			s.labels = append(s.labels, "≤"+minutes(b))
			s.values = append(s.values, r.Total.Get(bot.StatClaimBucket+":"+strconv.Itoa(b)))
			prev = minutes(b)
		}
		s.labels = append(s.labels, ">"+prev)
		s.values = append(s.values, r.Total.Get(bot.StatClaimBucket+":inf"))
		return s, true
	case "outcomes":
		s := series{title: "What came of the handoffs", axis: "handoffs", horizontal: true}
		for _, o := range outcomeRows(r) {
			s.labels = append(s.labels, o.label)
			s.values = append(s.values, o.n)
		}
		return s, true
	}
	return series{}, false
}

type outcome struct {
	label string
	n     int64
}

// outcomeRows are the handoffs' results, bottom to top as the chart draws them.
func outcomeRows(r report.Report) []outcome {
	t := r.Total
	rows := []outcome{{"ended by the texter", t.Get(bot.StatEnded)}, {"closed by staff", t.Get(bot.StatCloses)},
		{"given the hotline", t.Get(bot.StatHotline)}, {"escalated", t.Get(bot.StatEscalations)},
		{"claimed", t.Get(bot.StatClaims)}, {"opened", t.Get(bot.StatHandoffs)}}
	for _, l := range t.Labels(bot.StatOutcome) {
		rows = append([]outcome{{"outcome: " + l, t.Get(bot.StatOutcome + ":" + l)}}, rows...)
	}
	return rows
}

func regionText(l string) string {
	if l == bot.StatLabelUnknown {
		return "unknown"
	}
	return string(bytes.ToUpper([]byte(l)))
}

func minutes(sec int) string {
	if sec >= 3600 {
		return strconv.Itoa(sec/3600) + "h"
	}
	return strconv.Itoa(sec/60) + "m"
}

var barColor = color.RGBA{R: 0x1f, G: 0x5f, B: 0x8b, A: 0xff}

// svg draws a series as a bar chart.
func (s series) svg() ([]byte, error) {
	p := plot.New()
	p.Title.Text = s.title
	labels := append([]string(nil), s.labels...)
	values := make(plotter.Values, len(s.values))
	top := 1.0
	for i, n := range s.values {
		if n >= 1 && n <= bot.SmallCount {
			if s.horizontal { // a row of bars has no room: the note under the chart says so
				labels[i] += " (<5)"
			}
			continue // drawn empty
		}
		values[i] = float64(n)
		top = max(top, float64(n))
	}
	if len(values) == 0 {
		values, labels = plotter.Values{0}, []string{"none in this range"}
	}
	width, height := 7*vg.Inch, 3*vg.Inch
	if s.horizontal {
		height = max(2*vg.Inch, vg.Length(len(values))*0.3*vg.Inch+vg.Inch)
	}
	extent := width
	if s.horizontal {
		extent = height
	}
	bars, err := plotter.NewBarChart(values, min(vg.Points(28), extent*0.7/vg.Length(len(values))))
	if err != nil {
		return nil, fmt.Errorf("error drawing chart %q: %w", s.title, err)
	}
	bars.Color, bars.LineStyle.Width, bars.Horizontal = barColor, 0, s.horizontal
	p.Add(bars)
	if s.horizontal {
		p.NominalY(labels...)
		p.X.Min, p.X.Max, p.X.Label.Text, p.X.Tick.Marker = 0, top*1.05, s.axis, wholeTicks{}
	} else {
		p.NominalX(thin(labels, 16)...)
		p.Y.Min, p.Y.Max, p.Y.Label.Text, p.Y.Tick.Marker = 0, top*1.05, s.axis, wholeTicks{}
	}
	c := vgsvg.New(width, height)
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("error writing chart %q: %w", s.title, err)
	}
	return buf.Bytes(), nil
}

// thin keeps at most n of the labels (evenly spaced), so that a long range stays readable.
func thin(labels []string, n int) []string {
	if len(labels) <= n {
		return labels
	}
	step := (len(labels) + n - 1) / n
	out := make([]string, len(labels))
	for i := range labels {
		if i%step == 0 {
			out[i] = labels[i]
		}
	}
	return out
}

// wholeTicks marks a count axis at whole numbers only: steps of 1, 2 or 5 times a power of ten,
// at most about six of them.
type wholeTicks struct{}

// Ticks implements plot.Ticker.
func (wholeTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 1.0
	for (hi-lo)/step > 6 {
		switch s := step / math.Pow(10, math.Floor(math.Log10(step))); {
		case s < 2:
			step *= 2
		case s < 5:
			step = step / 2 * 5
		default:
			step *= 2
		}
	}
	var ticks []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
	}
	return ticks
}
