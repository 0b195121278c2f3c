package directory_test

import (
	"os"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot/directory"
)

func example(t *testing.T) *directory.Directory {
	t.Helper()
	data, err := os.ReadFile("../../deploy/directory.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, probs := directory.Read("directory.example.yaml", data)
	if d == nil || len(probs) > 0 {
		t.Fatalf("the example directory: %v", probs)
	}
	return d
}

func ids(ps []directory.Provider) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return strings.Join(out, " ")
}

func TestFind(t *testing.T) {
	d := example(t)
	for _, c := range []struct{ service, state, lang, want string }{
		{"shelter", "TX", "es", "tx_safe_place nhth"}, // the state's own first, then national
		{"labor", "OK", "en", "tx_workers_legal nhth"},
		{"medical", "TX", "en", "nhth"}, // the clinic serves California only
		{"medical", "CA", "en", "ca_clinic nhth"},
		{"shelter", "", "en", "nhth"}, // no state: national only
		{"shelter", "TX", "fr", ""},   // nobody speaks French
	} {
		if got := ids(d.Find(c.service, c.state, c.lang, 3)); got != c.want {
			t.Errorf("Find(%s, %s, %s) = %q, want %q", c.service, c.state, c.lang, got, c.want)
		}
	}
	if got := d.Find("legal", "TX", "en", 1); ids(got) != "tx_workers_legal" {
		t.Errorf("max 1: %s", ids(got))
	}
}

func TestContact(t *testing.T) {
	d := example(t)
	p, _ := d.Provider("nhth")
	if got := p.Contact("en"); got != "National Human Trafficking Hotline: call 1-888-373-7888, text 233733, web https://humantraffickinghotline.org. Hours: 24/7." {
		t.Errorf("en: %s", got)
	}
	if got := p.Contact("es"); got != "National Human Trafficking Hotline: llame al 1-888-373-7888, escriba al 233733, web https://humantraffickinghotline.org. Horario: 24/7." {
		t.Errorf("es: %s", got)
	}
}

func TestRead_broken(t *testing.T) {
	data := `providers:
  - id: a
    name: A
    regions: [TX, Texas]
    languages: [en, spanish]
    services: [shelter, food]
    phone: call us
  - id: a
    name: B
    regions: [national, CA]
    languages: en
    services: legal
    web: http://b.example.org
  - name: C
    regions: [TX]
    languages: [en]
    services: [talk]
    email: staff@c.example.org
  - id: d
    name: ` + strings.Repeat("D", 61) + `
    regions: [TX]
    languages: [en]
    services: [talk]
    phone: 512-555-0100
    hours: ` + strings.Repeat("h", 41) + `
`
	d, probs := directory.Read("directory.yaml", []byte(data))
	var got []string
	for _, p := range probs {
		got = append(got, p.String())
	}
	want := []string{
		`directory.yaml:4:19: provider "a": region "Texas" is not a US state's postal code like TX, or national`,
		`directory.yaml:5:21: provider "a": language "spanish" is not a language code like en or es`,
		`directory.yaml:6:25: provider "a": service "food" is not one of shelter, legal, immigration, labor, medical, talk, other`,
		`directory.yaml:7:12: provider "a": phone "call us" is not a phone number like 1-888-373-7888`,
		`directory.yaml:8:5: provider "a" is also on line 2; give each provider its own id`,
		`directory.yaml:10:14: provider "a": regions lists national and states; national already serves every state`,
		`directory.yaml:13:10: provider "a": web "http://b.example.org" should be an https:// address of at most 80 characters`,
		`directory.yaml:14:5: provider 3 has no "id" (a short name staff pick it by, like tx_safe_house)`,
		`directory.yaml:14:5: provider 3 has no phone, text or web: a texter could not reach it`,
		`directory.yaml:18:5: provider 3 has an unknown field "email"; the fields allowed here are id, name, regions, languages, services, hours, phone, text, web`,
		`directory.yaml:20:11: provider "d": the name is 61 characters; keep it within 60, it goes in an SMS`,
		`directory.yaml:25:12: provider "d": hours are 41 characters; keep them within 40, like "24/7" or "Mon-Fri 9-5 CT"`,
	}
	if d != nil || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
