package report

import (
	"encoding/csv"
	"encoding/json"
	"io"
)

// SmallNote says what "<5" means, in every export.
const SmallNote = "Counts from 1 to 4 are shown as <5."

// WriteCSV writes one line per period and a last line "total": period_start, period_end, then
// one column per figure (Row.Key), in table order.
func (r Report) WriteCSV(w io.Writer) error {
	rows := r.Rows()
	cw := csv.NewWriter(w)
	head := []string{"period_start", "period_end"}
	for _, row := range rows {
		head = append(head, row.Key)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	line := func(start, end string, p Period) error {
		rec := []string{start, end}
		for _, row := range rows {
			rec = append(rec, row.Export(p))
		}
		return cw.Write(rec)
	}
	for _, p := range r.Periods {
		if err := line(day(p.Start), day(p.End), p); err != nil {
			return err
		}
	}
	if err := line("total", "", r.Total); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// jsonReport is the JSON form of a report.
type jsonReport struct {
	Since   string       `json:"since"`
	Until   string       `json:"until"`
	By      string       `json:"by"`
	Zone    string       `json:"timezone"` // whose days
	Note    string       `json:"note"`
	Labels  []jsonLabel  `json:"figures"` // the figures' keys and what they mean, in table order
	Periods []jsonPeriod `json:"periods"`
	Total   jsonPeriod   `json:"total"`
}

type jsonLabel struct {
	Key     string `json:"key"`
	Label   string `json:"label"`
	Section string `json:"section"`
}

type jsonPeriod struct {
	Start   string            `json:"start"`
	End     string            `json:"end"`
	Figures map[string]string `json:"figures"` // by key: a count as text ("<5" from 1 to 4), or minutes
}

// WriteJSON writes the report as one JSON object.
func (r Report) WriteJSON(w io.Writer) error {
	rows := r.Rows()
	out := jsonReport{Since: day(r.Since), Until: day(r.Until), By: r.By, Zone: r.Zone, Note: SmallNote, Labels: []jsonLabel{}, Periods: []jsonPeriod{}}
	for _, row := range rows {
		out.Labels = append(out.Labels, jsonLabel{Key: row.Key, Label: row.Label, Section: row.Section})
	}
	period := func(p Period) jsonPeriod {
		jp := jsonPeriod{Start: day(p.Start), End: day(p.End), Figures: map[string]string{}}
		for _, row := range rows {
			jp.Figures[row.Key] = row.Export(p)
		}
		return jp
	}
	for _, p := range r.Periods {
		out.Periods = append(out.Periods, period(p))
	}
	out.Total = period(r.Total)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
