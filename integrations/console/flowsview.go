package console

import (
	"html/template"
	"net/http"

	"github.com/nhttf/frontdoor/flows"
)

// flowSummary is one row of the flows list.
type flowSummary struct {
	Name, File, Description string
	States                  int
}

type flowListData struct {
	Flows     []flowSummary
	Check     *checked
	Languages []string
	Tests     []string
	Guide     *flows.Guide // nil without topics or replies
}

func (c *Console) flowList(w http.ResponseWriter, r *http.Request, s *session) {
	ws, err := c.workspace(r.Context(), s.User)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d := flowListData{Check: lint(ws.Files)}
	if d.Check.Set != nil {
		d.Languages = d.Check.Set.Languages
		for _, f := range d.Check.Set.Flows() {
			d.Flows = append(d.Flows, flowSummary{Name: f.Name, File: f.File, Description: f.Description, States: len(f.Order)})
		}
		if g := d.Check.Set.Guide(); len(g.Topics)+len(g.Replies) > 0 {
			d.Guide = g
		}
	}
	for _, p := range ws.Paths() {
		if isTest(p) {
			d.Tests = append(d.Tests, p)
		}
	}
	c.renderView(w, http.StatusOK, "flows", s, view{Title: "Flows", Work: ws, Data: d})
}

type flowData struct {
	Flow    *flows.Flow
	Diagram template.HTML
	Trans   []transition
	Texts   textTable
}

func (c *Console) flowPage(w http.ResponseWriter, r *http.Request, s *session) {
	ws, err := c.workspace(r.Context(), s.User)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	ch := lint(ws.Files)
	if ch.Set == nil {
		c.renderView(w, http.StatusOK, "flows", s, view{Title: "Flows", Work: ws, Data: flowListData{Check: ch},
			Notice: "The flows have errors, so they cannot be drawn: fix them first."})
		return
	}
	f, ok := ch.Set.Flow(r.PathValue("flow"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	g := newGraph(f).layout()
	d := flowData{Flow: f, Diagram: g.svg(), Trans: g.Trans, Texts: textsOf(f)}
	c.renderView(w, http.StatusOK, "flow", s, view{Title: "Flow " + f.Name, Work: ws, Data: d})
}

// textTable is every text of a flow, languages side by side.
type textTable struct {
	Languages []string
	Rows      []textRow
}

type textRow struct {
	State, What string
	Line        int
	Cells       []textCell // one per language
}

type textCell struct {
	Lang, Text string
	SMS        flows.SMSInfo
	Limit      int  // units in the segments used
	Over       bool // more than two segments with placeholders at their longest: lint warns
	Line       int
}

func textsOf(f *flows.Flow) textTable {
	t := textTable{Languages: f.Languages}
	for _, name := range f.Order {
		st := f.States[name]
		t.add(f, name, "says", st.Say)
		t.add(f, name, "if no choice matches", st.Retry)
		if st.Ask != nil {
			t.add(f, name, "after a bad answer", st.Ask.Retry)
		}
	}
	return t
}

func (t *textTable) add(f *flows.Flow, state, what string, texts flows.Texts) {
	if !texts.IsSet() {
		return
	}
	row := textRow{State: state, What: what}
	for _, lang := range f.Languages {
		tpl, _ := texts.Get(lang)
		m := f.MeasureLongest(tpl) // as lint measures it: placeholders at their longest
		cell := textCell{Lang: lang, Text: tpl.Raw(), SMS: m, Over: m.Segments > 2, Line: tpl.Pos().Line, Limit: segmentRoom(m)}
		if row.Line == 0 || (cell.Line > 0 && cell.Line < row.Line) {
			row.Line = cell.Line
		}
		row.Cells = append(row.Cells, cell)
	}
	t.Rows = append(t.Rows, row)
}

// segmentRoom is how many units fit in the segments a text uses.
func segmentRoom(m flows.SMSInfo) int {
	single, part := 160, 153
	if m.Encoding == flows.UCS2 {
		single, part = 70, 67
	}
	if m.Segments <= 1 {
		return single
	}
	return m.Segments * part
}
