package console

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// auditShown is how many entries the audit page shows; the export has them all.
const auditShown = 500

func (c *Console) auditPage(w http.ResponseWriter, r *http.Request, s *session) {
	es, err := c.deps.Store.AuditEntries(r.Context(), auditShown)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "audit", s, "Audit log", es)
}

// auditExport downloads the whole audit log as CSV or JSON; the export is itself recorded.
func (c *Console) auditExport(w http.ResponseWriter, r *http.Request, s *session) {
	es, err := c.deps.Store.AuditEntries(r.Context(), bot.AuditKeep)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	format := r.URL.Query().Get("format")
	c.audit(r.Context(), s.User, "audit_exported", fmt.Sprintf("%d entries as %s", len(es), format))
	name := "frontdoor-audit-" + c.now().Format("20060102-1504")
	if format == "json" {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(es)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"at", "who", "action", "detail"})
	for _, e := range es {
		cw.Write([]string{e.At.UTC().Format(time.RFC3339), cell(e.Who), cell(e.Action), cell(e.Detail)})
	}
	cw.Flush()
}

// cell keeps a spreadsheet from reading a value as a formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
