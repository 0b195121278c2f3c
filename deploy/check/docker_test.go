package check

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// TestDockerfile checks offline what the runtime stage promises and the manifests assume: base
// images named in full, a static build, a numeric non-root user that is the pods' runAsUser, an
// entrypoint the stage copied, a HEALTHCHECK through the binary on the port that is exposed and
// that the pods and compose use, and a read-only root filesystem where only the spool is written.
func TestDockerfile(t *testing.T) {
	df, err := readDockerfile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	if len(df.Stages) < 2 {
		t.Fatal("the Dockerfile should be multi-stage: a build stage and a small runtime stage")
	}
	for _, s := range df.Stages {
		if !fullImageName(s.From) {
			t.Errorf("FROM %s: name the image in full, registry/name:tag (or @sha256:...), for Podman and Buildah", s.From)
		}
	}
	build, run := df.Stages[0], df.Stages[len(df.Stages)-1]
	var buildCmd string
	for _, in := range build.Instrs {
		if in.Cmd == "RUN" && strings.Contains(in.Args, "go build") {
			buildCmd = in.Args
		}
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", "./cmd/frontdoor"} {
		if !strings.Contains(buildCmd, want) {
			t.Errorf("the build stage's go build lacks %q: %q", want, buildCmd)
		}
	}
	if !strings.HasPrefix(run.From, "gcr.io/distroless/static") {
		t.Errorf("the runtime stage is %s, want distroless static (no shell, CA certificates)", run.From)
	}

	pod := deployment(t).Spec.Template.Spec
	c := pod.Containers[0]
	user, ok := run.last("USER")
	uid, gid, _ := strings.Cut(user.Args, ":")
	if !ok || uid == "0" || uid != fmt.Sprint(deref(pod.SecurityContext.RunAsUser)) || gid != fmt.Sprint(deref(pod.SecurityContext.RunAsGroup)) {
		t.Errorf("USER %q: want the numeric non-root user the pods run as (%d:%d), so runAsNonRoot can be checked", user.Args,
			deref(pod.SecurityContext.RunAsUser), deref(pod.SecurityContext.RunAsGroup))
	}
	entry, _ := run.last("ENTRYPOINT")
	if len(entry.Exec) != 1 || !slices.Contains(run.copied(), entry.Exec[0]) {
		t.Errorf("ENTRYPOINT %q: want the exec form of the binary the runtime stage copies (%v)", entry.Args, run.copied())
	}
	if cmd, _ := run.last("CMD"); strings.Join(cmd.Exec, " ") != "serve" || strings.Join(c.Args, " ") != "serve" {
		t.Errorf("CMD %v and the pods' args %v should both be serve", cmd.Exec, c.Args)
	}
	hc, _ := run.last("HEALTHCHECK")
	if len(entry.Exec) == 0 || len(hc.Exec) != 2 || hc.Exec[0] != entry.Exec[0] || hc.Exec[1] != "healthcheck" {
		t.Errorf("HEALTHCHECK %q: want [%q, \"healthcheck\"] (distroless has no curl or shell)", hc.Args, entry.Exec)
	}
	expose, _ := run.last("EXPOSE")
	_, addrPort, _ := strings.Cut(run.env("FRONTDOOR_ADDR"), ":")
	if expose.Args != addrPort || expose.Args != fmt.Sprint(c.Ports[0].ContainerPort) {
		t.Errorf("EXPOSE %s, FRONTDOOR_ADDR port %s and the pods' containerPort %d should be one port (the healthcheck asks FRONTDOOR_ADDR)",
			expose.Args, addrPort, c.Ports[0].ContainerPort)
	}
	if c.ReadinessProbe.HTTPGet.Port.StrVal != c.Ports[0].Name || c.LivenessProbe.HTTPGet.Port.StrVal != c.Ports[0].Name {
		t.Error("the probes should ask the container's named port")
	}
	checkWritablePaths(t, c)
}

// checkWritablePaths: with a read-only root filesystem, the one place serve writes, the spool,
// must be a writable volume; the flows, roster and accounts are mounted read-only.
func checkWritablePaths(t *testing.T, c corev1.Container) {
	t.Helper()
	if c.SecurityContext == nil || c.SecurityContext.ReadOnlyRootFilesystem == nil || !*c.SecurityContext.ReadOnlyRootFilesystem {
		t.Fatal("the container should have a read-only root filesystem")
	}
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	mountOf := func(p string) *corev1.VolumeMount {
		for i, m := range c.VolumeMounts {
			if p == m.MountPath || strings.HasPrefix(p, strings.TrimSuffix(m.MountPath, "/")+"/") {
				return &c.VolumeMounts[i]
			}
		}
		return nil
	}
	if m := mountOf(env["FRONTDOOR_SPOOL_DIR"]); env["FRONTDOOR_SPOOL_DIR"] == "" || m == nil || m.ReadOnly {
		t.Errorf("FRONTDOOR_SPOOL_DIR=%q must be on a writable volume: the root filesystem is read-only", env["FRONTDOOR_SPOOL_DIR"])
	}
	for _, v := range []string{"FRONTDOOR_FLOWS", "FRONTDOOR_ONCALL", "FRONTDOOR_CONSOLE_USERS"} {
		if m := mountOf(env[v]); env[v] == "" || m == nil || !m.ReadOnly {
			t.Errorf("%s=%q should be on a read-only mount", v, env[v])
		}
	}
}

// TestDockerignore: the build context leaves out the history, tests, test data and local files,
// and keeps what go build needs.
func TestDockerignore(t *testing.T) {
	rules, err := readDockerignore("../../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{".git/HEAD", ".git", "flows/testdata/broken/empty.yaml", "cmd/frontdoor/serve_test.go",
		"integrations/slack/testdata/events/dm.json", "deploy/.env", ".env", "bin/frontdoor", "frontdoor", "cpu.prof", "flows/flows.test"} {
		if !rules.excluded(p) {
			t.Errorf("the build context should leave out %s", p)
		}
	}
	for _, p := range []string{"go.mod", "go.sum", "cmd/frontdoor/main.go", "flows/builtin/main.yaml", "flows/builtin/tests/main_en.yaml",
		"integrations/console/templates/layout.html", "integrations/console/static/console.css", "integrations/redis/redistest/redistest.go"} {
		if rules.excluded(p) {
			t.Errorf("the build needs %s, which .dockerignore leaves out", p)
		}
	}
}

func deref(p *int64) int64 {
	if p == nil {
		return -1
	}
	return *p
}

// TestCompose checks the compose file: Redis keeps its data with AOF fsync every second on a
// volume, and the front door uses it.
func TestCompose(t *testing.T) {
	data, err := os.ReadFile("../compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Image       string
			Command     []string
			Environment map[string]string
			Volumes     []string
			ReadOnly    bool `json:"read_only"`
		}
		Volumes map[string]any
	}
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	redis, app := c.Services["redis"], c.Services["frontdoor"]
	cmd := strings.Join(redis.Command, " ")
	if !strings.Contains(cmd, "--appendonly yes") || !strings.Contains(cmd, "--appendfsync everysec") {
		t.Errorf("redis must use AOF with fsync every second: %q", cmd)
	}
	if _, declared := c.Volumes["redis-data"]; len(redis.Volumes) == 0 || !strings.HasPrefix(redis.Volumes[0], "redis-data:") || !declared {
		t.Error("redis data must live on a named volume")
	}
	if app.Environment["REDIS_URL"] != "redis://redis:6379" || !app.ReadOnly {
		t.Errorf("frontdoor must use the compose redis and a read-only filesystem: %+v", app)
	}
}
