package check

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"
)

// documents splits a multi-document YAML file.
func documents(t *testing.T, file string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var docs [][]byte
	for _, d := range bytes.Split(data, []byte("\n---\n")) {
		if len(bytes.TrimSpace(d)) > 0 {
			docs = append(docs, d)
		}
	}
	return docs
}

// decode reads a manifest strictly: an unknown or misspelled field fails.
func decode(t *testing.T, file string, doc []byte) any {
	t.Helper()
	var meta struct{ APIVersion, Kind string }
	if err := yaml.Unmarshal(doc, &meta); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	var obj any
	switch meta.APIVersion + "/" + meta.Kind {
	case "apps/v1/Deployment":
		obj = &appsv1.Deployment{}
	case "v1/Service":
		obj = &corev1.Service{}
	case "v1/ConfigMap":
		obj = &corev1.ConfigMap{}
	case "v1/Secret":
		obj = &corev1.Secret{}
	case "autoscaling/v2/HorizontalPodAutoscaler":
		obj = &autoscalingv2.HorizontalPodAutoscaler{}
	case "policy/v1/PodDisruptionBudget":
		obj = &policyv1.PodDisruptionBudget{}
	case "kustomize.config.k8s.io/v1beta1/Kustomization":
		return nil
	default:
		t.Fatalf("%s: unexpected %s %s", file, meta.APIVersion, meta.Kind)
	}
	if err := yaml.UnmarshalStrict(doc, obj); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return obj
}

func manifests(t *testing.T) map[string]any {
	files, _ := filepath.Glob("../k8s/*.yaml")
	if len(files) < 6 {
		t.Fatalf("only %d manifests", len(files))
	}
	objs := map[string]any{}
	for _, f := range files {
		for _, d := range documents(t, f) {
			if obj := decode(t, f, d); obj != nil {
				objs[kindName(obj)] = obj
			}
		}
	}
	return objs
}

func kindName(obj any) string {
	switch o := obj.(type) {
	case *appsv1.Deployment:
		return "Deployment/" + o.Name
	case *corev1.Service:
		return "Service/" + o.Name
	case *corev1.ConfigMap:
		return "ConfigMap/" + o.Name
	case *corev1.Secret:
		return "Secret/" + o.Name
	case *autoscalingv2.HorizontalPodAutoscaler:
		return "HPA/" + o.Name
	case *policyv1.PodDisruptionBudget:
		return "PDB/" + o.Name
	}
	return "?"
}

func TestManifests(t *testing.T) {
	objs := manifests(t)
	for _, want := range []string{"Deployment/frontdoor", "Service/frontdoor", "HPA/frontdoor", "PDB/frontdoor",
		"ConfigMap/frontdoor-config", "ConfigMap/frontdoor-roster", "Secret/frontdoor-secrets"} {
		if objs[want] == nil {
			t.Errorf("no %s", want)
		}
	}
	d, ok := objs["Deployment/frontdoor"].(*appsv1.Deployment)
	if !ok {
		t.Fatal("no deployment")
	}
	if d.Spec.Replicas == nil || *d.Spec.Replicas < 2 {
		t.Error("the deployment needs at least 2 replicas")
	}
	pod := d.Spec.Template.Spec
	if pod.SecurityContext == nil || pod.SecurityContext.RunAsNonRoot == nil || !*pod.SecurityContext.RunAsNonRoot {
		t.Error("pods must run as non-root")
	}
	c := pod.Containers[0]
	if c.ReadinessProbe == nil || c.ReadinessProbe.HTTPGet.Path != "/readyz" || c.LivenessProbe == nil || c.LivenessProbe.HTTPGet.Path != "/healthz" {
		t.Error("readiness must be /readyz and liveness /healthz")
	}
	sc := c.SecurityContext
	if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		t.Error("the container needs a read-only root filesystem and no privilege escalation")
	}
	if c.Resources.Requests.Cpu().IsZero() || c.Resources.Limits.Memory().IsZero() {
		t.Error("the container needs resource requests and limits")
	}
	if d.Spec.Template.Labels["app.kubernetes.io/name"] != d.Spec.Selector.MatchLabels["app.kubernetes.io/name"] {
		t.Error("the selector does not match the pod labels")
	}
	svc := objs["Service/frontdoor"].(*corev1.Service)
	if svc.Spec.Selector["app.kubernetes.io/name"] != "frontdoor" || svc.Spec.Ports[0].TargetPort.StrVal != c.Ports[0].Name {
		t.Error("the service must select the pods and target their http port")
	}
	hpa := objs["HPA/frontdoor"].(*autoscalingv2.HorizontalPodAutoscaler)
	if hpa.Spec.MinReplicas == nil || *hpa.Spec.MinReplicas < 2 || hpa.Spec.ScaleTargetRef.Name != d.Name {
		t.Error("the autoscaler must keep at least 2 replicas of the deployment")
	}
	pdb := objs["PDB/frontdoor"].(*policyv1.PodDisruptionBudget)
	if pdb.Spec.MinAvailable == nil || pdb.Spec.MinAvailable.IntValue() < 1 {
		t.Error("the disruption budget must keep pods available")
	}
	mounted := map[string]bool{}
	for _, v := range pod.Volumes {
		if v.ConfigMap != nil {
			mounted[v.ConfigMap.Name] = true
		}
		if v.Secret != nil {
			mounted[v.Secret.SecretName] = true
			if v.Secret.DefaultMode == nil || *v.Secret.DefaultMode&0o040 == 0 || pod.SecurityContext.FSGroup == nil {
				t.Errorf("secret %s must be readable by the pod's group (fsGroup) and nobody else", v.Secret.SecretName)
			}
		}
	}
	if !mounted["frontdoor-flows"] || !mounted["frontdoor-roster"] || !mounted["frontdoor-console"] {
		t.Error("the flows and the roster must be mounted from ConfigMaps, the console accounts from a Secret")
	}
}

// TestEnvironmentDocumented: every variable the README documents appears in .env.example, and
// every variable the manifests set is documented.
func TestEnvironmentDocumented(t *testing.T) {
	readme := readmeVariables(t)
	env, err := os.ReadFile("../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	for v := range readme {
		if !strings.Contains(string(env), "\n"+v+"=") {
			t.Errorf(".env.example lacks %s", v)
		}
	}
	objs := manifests(t)
	var set []string
	for _, name := range []string{"ConfigMap/frontdoor-config"} {
		for k := range objs[name].(*corev1.ConfigMap).Data {
			set = append(set, k)
		}
	}
	for k := range objs["Secret/frontdoor-secrets"].(*corev1.Secret).StringData {
		set = append(set, k)
	}
	for _, e := range objs["Deployment/frontdoor"].(*appsv1.Deployment).Spec.Template.Spec.Containers[0].Env {
		set = append(set, e.Name)
	}
	for _, k := range set {
		if !readme[k] {
			t.Errorf("the manifests set %s, which the README does not document", k)
		}
	}
}

// readmeVariables reads the variable names from the README's Configuration table.
func readmeVariables(t *testing.T) map[string]bool {
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
		first := strings.Split(line, "|")[1]
		for _, part := range strings.Split(first, "`") {
			if p := strings.TrimSpace(part); p != "" && strings.ToUpper(p) == p && !strings.ContainsAny(p, " ,") {
				vars[p] = true
			}
		}
	}
	if len(vars) < 15 {
		t.Fatalf("found only %d variables in the README", len(vars))
	}
	return vars
}

// deployment is the frontdoor Deployment, decoded strictly.
func deployment(t *testing.T) *appsv1.Deployment {
	t.Helper()
	d, ok := manifests(t)["Deployment/frontdoor"].(*appsv1.Deployment)
	if !ok {
		t.Fatal("no Deployment/frontdoor")
	}
	return d
}
