package main

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// TestHelp walks the command tree: every command and group answers -h and --help with its usage
// on stdout and exit 0, so a command added without help fails here.
func TestHelp(t *testing.T) {
	var paths []string
	var walk func(c *command, path string)
	walk = func(c *command, path string) {
		paths = append(paths, path)
		for _, s := range c.subs {
			walk(s, path+" "+s.name)
		}
	}
	walk(commands(), "frontdoor")
	if len(paths) < 16 {
		t.Fatalf("only %d commands in the tree: %v", len(paths), paths)
	}
	for _, path := range paths {
		for _, flag := range []string{"-h", "--help"} {
			args := append(strings.Fields(path)[1:], flag)
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				code, out, errOut := runCLI(t, nil, "", args...)
				if code != 0 || errOut != "" {
					t.Fatalf("exit %d, stderr %q", code, errOut)
				}
				c := commands().find(path)
				if want := "Usage: " + path; !strings.HasPrefix(out, want) {
					t.Errorf("stdout does not start with %q:\n%s", want, out)
				}
				if c.summary != "" && !strings.Contains(out, capitalise(c.summary)) {
					t.Errorf("the help lacks the summary %q:\n%s", c.summary, out)
				}
			})
		}
	}
	if code, out, _ := runCLI(t, nil, "", "help", "flows", "test"); code != 0 || !strings.HasPrefix(out, "Usage: frontdoor flows test [DIR]") {
		t.Errorf("help flows test: exit %d %q", code, out)
	}
	if code, _, errOut := runCLI(t, nil, "", "flows", "lint", "--nope"); code != 2 || !strings.Contains(errOut, "Usage: frontdoor flows lint") {
		t.Errorf("a bad flag: exit %d %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, nil, "", "roster"); code != 2 || !strings.Contains(errOut, "lint [FILE]") {
		t.Errorf("a group without its command: exit %d %q", code, errOut)
	}
}

// TestServeHelp: serve -h lists every variable of the settings table, with its default.
func TestServeHelp(t *testing.T) {
	code, out, _ := runCLI(t, nil, "", "serve", "-h")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, s := range settings {
		if !strings.Contains(out, "\n  "+s.name+" ") && !strings.Contains(out, "\n  "+s.name+"\n") {
			t.Errorf("serve -h lacks %s", s.name)
		}
	}
	for _, want := range []string{"-dev", "FRONTDOOR_ADDR (default :8080; 127.0.0.1:8080 with --dev)", "FRONTDOOR_RATE_LIMIT (default 30/10m)"} {
		if !strings.Contains(out, want) {
			t.Errorf("serve -h lacks %q:\n%s", want, out)
		}
	}
}

// TestSettings: the configuration reader reads exactly the variables of the settings table, and
// the README's configuration table documents exactly those.
func TestSettings(t *testing.T) {
	read := map[string]bool{}
	env := func(k string) string { read[k] = true; return "" }
	for _, dev := range []bool{false, true} {
		loadConfig(environment(env), dev, "")
	}
	var table []string
	for _, s := range settings {
		table = append(table, s.name)
		if !read[s.name] {
			t.Errorf("%s is in the settings table but serve never reads it", s.name)
		}
	}
	for k := range read {
		if !slices.Contains(table, k) {
			t.Errorf("serve reads %s, which the settings table lacks", k)
		}
	}
	readme := readmeVariables(t)
	for _, name := range table {
		if !readme[name] {
			t.Errorf("the README's configuration table lacks %s", name)
		}
	}
	for name := range readme {
		if !slices.Contains(table, name) {
			t.Errorf("the README documents %s, which serve does not read", name)
		}
	}
	for name, want := range map[string]time.Duration{"FRONTDOOR_TIP_RETENTION": bot.DefaultTipRetention, "FRONTDOOR_FLOWS_POLL": bot.DefaultFlowPoll,
		"FRONTDOOR_STATS_RETENTION": bot.DefaultStatsRetention} {
		if d, err := time.ParseDuration(environment(func(string) string { return "" }).value(name)); err != nil || d != want {
			t.Errorf("%s defaults to %v, the code's default is %v", name, d, want)
		}
	}
}

// readmeVariables reads the variable names of the README's Configuration table.
func readmeVariables(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(data), "## Configuration")
	section, _, _ = strings.Cut(section, "\n## ")
	vars := map[string]bool{}
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		for _, part := range strings.Split(strings.Split(line, "|")[1], "`") {
			if p := strings.TrimSpace(part); p != "" && strings.ToUpper(p) == p && !strings.ContainsAny(p, " ,") {
				vars[p] = true
			}
		}
	}
	return vars
}
