package check

import (
	"bufio"
	"fmt"
	"os"
	"path"
	"regexp"
	"strings"
)

// instruction is one Dockerfile instruction: its keyword (upper case), its arguments as written,
// and, for the JSON (exec) form, the words.
type instruction struct {
	Cmd  string
	Args string
	Exec []string
	Line int
}

// stage is one FROM and what follows it.
type stage struct {
	From   string // the image after ARG substitution
	Name   string // AS name
	Instrs []instruction
}

// dockerfile is a parsed Dockerfile.
type dockerfile struct {
	Args   map[string]string // ARG defaults before the first FROM
	Stages []stage
}

// readDockerfile parses file: comments, line continuations, ARG defaults before the first FROM
// (substituted into FROM) and the stages. It reads what the checks need, not every form.
func readDockerfile(file string) (*dockerfile, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	df := &dockerfile{Args: map[string]string{}}
	sc := bufio.NewScanner(f)
	var buf strings.Builder
	n, start := 0, 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if buf.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if buf.Len() == 0 {
			start = n
		}
		if strings.HasSuffix(line, "\\") {
			buf.WriteString(strings.TrimSuffix(line, "\\") + " ")
			continue
		}
		buf.WriteString(line)
		if err := df.add(buf.String(), start); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, start, err)
		}
		buf.Reset()
	}
	return df, sc.Err()
}

var argRef = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?`)

func (df *dockerfile) add(text string, line int) error {
	cmd, args, _ := strings.Cut(text, " ")
	in := instruction{Cmd: strings.ToUpper(cmd), Args: strings.TrimSpace(args), Line: line}
	if strings.HasPrefix(in.Args, "[") {
		in.Exec = execWords(in.Args)
	}
	if in.Cmd == "HEALTHCHECK" {
		if _, rest, ok := strings.Cut(in.Args, "CMD "); ok {
			in.Exec = execWords(strings.TrimSpace(rest))
		}
	}
	switch {
	case in.Cmd == "FROM":
		image, name, _ := strings.Cut(in.Args, " AS ")
		image = argRef.ReplaceAllStringFunc(strings.TrimSpace(image), func(ref string) string {
			return df.Args[argRef.FindStringSubmatch(ref)[1]]
		})
		df.Stages = append(df.Stages, stage{From: image, Name: strings.TrimSpace(name)})
	case len(df.Stages) == 0 && in.Cmd == "ARG":
		k, v, _ := strings.Cut(in.Args, "=")
		df.Args[k] = v
	case len(df.Stages) == 0:
		return fmt.Errorf("%s before the first FROM", in.Cmd)
	default:
		s := &df.Stages[len(df.Stages)-1]
		s.Instrs = append(s.Instrs, in)
	}
	return nil
}

// execWords reads the JSON form ["a", "b"]; nil when it is not one.
func execWords(s string) []string {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
		return nil
	}
	var out []string
	for _, w := range strings.Split(strings.Trim(s, "[]"), ",") {
		out = append(out, strings.Trim(strings.TrimSpace(w), `"`))
	}
	return out
}

// last returns the last instruction cmd of the stage, if any.
func (s stage) last(cmd string) (instruction, bool) {
	for i := len(s.Instrs) - 1; i >= 0; i-- {
		if s.Instrs[i].Cmd == cmd {
			return s.Instrs[i], true
		}
	}
	return instruction{}, false
}

// env returns the value of an ENV key=value the stage sets.
func (s stage) env(key string) string {
	v := ""
	for _, in := range s.Instrs {
		if in.Cmd == "ENV" {
			for _, kv := range strings.Fields(in.Args) {
				if k, val, ok := strings.Cut(kv, "="); ok && k == key {
					v = val
				}
			}
		}
	}
	return v
}

// copied lists the destinations of the stage's COPY instructions.
func (s stage) copied() []string {
	var out []string
	for _, in := range s.Instrs {
		if in.Cmd == "COPY" {
			f := strings.Fields(in.Args)
			out = append(out, f[len(f)-1])
		}
	}
	return out
}

// fullImageName reports whether an image reference names its registry, repository and a tag
// or digest: gcr.io/distroless/static-debian12:nonroot, docker.io/library/golang:1.26@sha256:...
func fullImageName(ref string) bool {
	name, digest, hasDigest := strings.Cut(ref, "@")
	if hasDigest && !strings.HasPrefix(digest, "sha256:") {
		return false
	}
	registry, repo, ok := strings.Cut(name, "/")
	if !ok || !(strings.ContainsAny(registry, ".:") || registry == "localhost") {
		return false
	}
	tagged := strings.Contains(path.Base(repo), ":")
	return tagged || hasDigest
}

// ignoreRules is a .dockerignore: patterns in order, a later one overriding an earlier one, "!"
// keeping a path back in.
type ignoreRules []struct {
	re   *regexp.Regexp
	keep bool
}

func readDockerignore(file string) (ignoreRules, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var rules ignoreRules
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		keep := strings.HasPrefix(line, "!")
		p := strings.TrimPrefix(strings.TrimPrefix(line, "!"), "/")
		rules = append(rules, struct {
			re   *regexp.Regexp
			keep bool
		}{globRegexp(p), keep})
	}
	return rules, nil
}

// globRegexp turns a .dockerignore pattern into a regexp matching the path or a folder above it:
// * and ? stay within one name, ** crosses folders.
func globRegexp(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case strings.HasPrefix(p[i:], "**/"):
			b.WriteString("(.*/)?")
			i += 2
		case strings.HasPrefix(p[i:], "**"):
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("(/.*)?$")
	return regexp.MustCompile(b.String())
}

// excluded reports whether the build context leaves out the slash-separated path p.
func (r ignoreRules) excluded(p string) bool {
	out := false
	for _, rule := range r {
		if rule.re.MatchString(p) {
			out = !rule.keep
		}
	}
	return out
}
