package check

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestImage builds the image for real when a container engine answers and the base images can
// be pulled, then checks what it holds and runs it with a read-only root filesystem: version,
// and serve answering its own healthcheck. Without an engine or the registries it says so and
// skips; TestDockerfile has checked what can be checked offline.
func TestImage(t *testing.T) {
	if testing.Short() {
		t.Skip("image not built: -short")
	}
	engine, why := containerEngine()
	if engine == "" {
		t.Skipf("image not built: %s; the Dockerfile, .dockerignore and manifests were checked offline (TestDockerfile, TestDockerignore, TestManifests)", why)
	}
	df, err := readDockerfile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range df.Stages {
		if out, err := engineRun(5*time.Minute, engine, "pull", s.From); err != nil {
			t.Skipf("image not built: %s cannot pull %s (%v: %s); the offline checks ran", engine, s.From, err, lastLine(out))
		}
	}
	tag := fmt.Sprintf("frontdoor-check:%d", time.Now().Unix())
	args := []string{"build", "-f", "deploy/Dockerfile", "--build-arg", "VERSION=check", "-t", tag}
	if engine == "podman" {
		args = append(args, "--format", "docker") // OCI images drop HEALTHCHECK
	}
	if out, err := engineRun(15*time.Minute, engine, append(args, "../..")...); err != nil {
		t.Fatalf("%s build failed: %v\n%s", engine, err, out)
	}
	t.Logf("built %s with %s", tag, engine)
	defer engineRun(time.Minute, engine, "rmi", "-f", tag)
	checkImageConfig(t, engine, tag, df.Stages[len(df.Stages)-1])
	if out, err := engineRun(time.Minute, engine, "run", "--rm", "--read-only", tag, "version"); err != nil || strings.TrimSpace(out) != "frontdoor check" {
		t.Errorf("run version: %v %q", err, out)
	}
	checkImageServes(t, engine, tag)
}

// checkImageConfig compares the built image's configuration with the Dockerfile's runtime stage.
func checkImageConfig(t *testing.T, engine, tag string, run stage) {
	t.Helper()
	out, err := engineRun(time.Minute, engine, "image", "inspect", tag)
	if err != nil {
		t.Fatalf("image inspect: %v %s", err, out)
	}
	type health struct{ Test []string }
	var images []struct {
		Config struct {
			User         string
			Entrypoint   []string
			Cmd          []string
			ExposedPorts map[string]struct{}
			Healthcheck  *health
		}
		Healthcheck *health // podman puts it here
	}
	if err := json.Unmarshal([]byte(out), &images); err != nil || len(images) != 1 {
		t.Fatalf("image inspect: %v %s", err, out)
	}
	cfg := images[0].Config
	user, _ := run.last("USER")
	entry, _ := run.last("ENTRYPOINT")
	expose, _ := run.last("EXPOSE")
	if cfg.User != user.Args || !slices.Equal(cfg.Entrypoint, entry.Exec) || strings.Join(cfg.Cmd, " ") != "serve" {
		t.Errorf("the image runs %v %v as %q; the Dockerfile says %v serve as %q", cfg.Entrypoint, cfg.Cmd, cfg.User, entry.Exec, user.Args)
	}
	if _, ok := cfg.ExposedPorts[expose.Args+"/tcp"]; !ok {
		t.Errorf("the image exposes %v, not %s/tcp", cfg.ExposedPorts, expose.Args)
	}
	hc := cfg.Healthcheck
	if hc == nil {
		hc = images[0].Healthcheck
	}
	if hc == nil || !slices.Equal(hc.Test, append([]string{"CMD"}, entry.Exec[0], "healthcheck")) {
		t.Errorf("the image's healthcheck is %+v", hc)
	}
}

// checkImageServes runs serve read-only, without capabilities, and asks its healthcheck.
func checkImageServes(t *testing.T, engine, tag string) {
	t.Helper()
	out, err := engineRun(time.Minute, engine, "run", "-d", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
		"-e", "FRONTDOOR_SECRET=image-check-secret-0123456789abcdef0123", "-e", "TWILIO_AUTH_TOKEN=image-check",
		"-e", "FRONTDOOR_PUBLIC_URL=https://sms.example.org", "-e", "FRONTDOOR_NO_DESK=hotline", tag)
	if err != nil {
		t.Fatalf("run serve: %v %s", err, out)
	}
	id := strings.TrimSpace(out)
	defer engineRun(time.Minute, engine, "rm", "-f", id)
	for deadline := time.Now().Add(30 * time.Second); ; {
		out, err := engineRun(20*time.Second, engine, "exec", id, "/usr/local/bin/frontdoor", "healthcheck")
		if err == nil && strings.TrimSpace(out) == "healthy" {
			return
		}
		if time.Now().After(deadline) {
			logs, _ := engineRun(time.Minute, engine, "logs", id)
			t.Fatalf("serve in the image never answered its healthcheck (%v %s); its log:\n%s", err, out, logs)
		}
		time.Sleep(time.Second)
	}
}

// containerEngine returns docker or podman when one answers, else "" and why not.
func containerEngine() (string, string) {
	var why []string
	for _, e := range []string{"docker", "podman"} {
		if _, err := exec.LookPath(e); err != nil {
			why = append(why, e+" is not installed")
			continue
		}
		if out, err := engineRun(15*time.Second, e, "info"); err != nil {
			why = append(why, fmt.Sprintf("%s info failed (%s)", e, lastLine(out)))
			continue
		}
		return e, ""
	}
	return "", "no container engine answers: " + strings.Join(why, "; ")
}

func engineRun(timeout time.Duration, engine string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, engine, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
