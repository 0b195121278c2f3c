package bot

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// constructors is each kind's constructor, called by reflection with non-zero arguments.
var constructors = map[EffectKind]any{
	HandoffRequested: NewHandoffRequested,
	TexterMessage:    NewTexterMessage,
	HandoffEnded:     NewHandoffEnded,
	TipSubmitted:     NewTipSubmitted,
	TipAdded:         NewTipAdded,
	Erased:           NewErased,
	DeskNote:         NewDeskNote,
	DeskUpdate:       NewDeskUpdate,
	DeskEphemeral:    NewDeskEphemeral,
	DeskReaction:     NewDeskReaction,
	ChatReply:        NewChatReply,
	StaffReply:       NewStaffReply,
	TexterNotice:     NewTexterNotice,
	LateReply:        NewLateReply,
	PartnerWebhook:   NewPartnerWebhook,
}

// namedByKind are the kinds effectWords leaves out on purpose: the desk's own effects, which
// DescribeEffect names by their Kind.
var namedByKind = []EffectKind{DeskUpdate, DeskEphemeral, DeskReaction, ChatReply, StaffReply, TexterNotice, LateReply, PartnerWebhook}

// declaredKinds are the EffectKind constants of the package's source, read from the files.
func declaredKinds(t *testing.T) []EffectKind {
	t.Helper()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []EffectKind
	fset := token.NewFileSet()
	for _, en := range entries {
		name := en.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, kindsIn(t, f)...)
	}
	if len(kinds) == 0 {
		t.Fatal("no EffectKind constants found")
	}
	return kinds
}

func kindsIn(t *testing.T, f *ast.File) []EffectKind {
	var kinds []EffectKind
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "EffectKind" {
			return true
		}
		for _, v := range vs.Values {
			lit, ok := v.(*ast.BasicLit)
			if !ok {
				t.Fatalf("EffectKind constant %v is not a string literal", vs.Names)
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			kinds = append(kinds, EffectKind(s))
		}
		return true
	})
	return kinds
}

func effectFieldNames() []string {
	typ := reflect.TypeFor[Effect]()
	names := make([]string, typ.NumField())
	for i := range names {
		names[i] = typ.Field(i).Name
	}
	return names
}

func TestEffectKinds_EveryKindHasItsRows(t *testing.T) {
	kinds := declaredKinds(t)
	for _, k := range kinds {
		if _, ok := kindFields[k]; !ok {
			t.Errorf("kind %s has no row in kindFields", k)
		}
		if _, ok := constructors[k]; !ok {
			t.Errorf("kind %s has no constructor in the test's table", k)
		}
		_, described := effectWords[k]
		if named := slices.Contains(namedByKind, k); described == named {
			t.Errorf("kind %s: in effectWords %v, in namedByKind %v: want it in exactly one", k, described, named)
		}
	}
	if len(kindFields) != len(kinds) || len(constructors) != len(kinds) {
		t.Errorf("%d kinds declared, %d rows, %d constructors: want as many", len(kinds), len(kindFields), len(constructors))
	}
}

func TestEffectKinds_FieldsNamedOnce(t *testing.T) {
	fields := effectFieldNames()
	used := map[string]bool{}
	for _, f := range commonFields {
		if !slices.Contains(fields, f) || used[f] {
			t.Errorf("common field %s: not an Effect field, or listed twice", f)
		}
		used[f] = true
	}
	for k, row := range kindFields {
		seen := map[string]bool{}
		for _, f := range row {
			switch {
			case !slices.Contains(fields, f):
				t.Errorf("%s lists %s, which Effect has not", k, f)
			case slices.Contains(commonFields, f):
				t.Errorf("%s lists the common field %s", k, f)
			case seen[f]:
				t.Errorf("%s lists %s twice", k, f)
			}
			seen[f], used[f] = true, true
		}
	}
	for _, f := range fields {
		if !used[f] {
			t.Errorf("Effect.%s is carried by no kind", f)
		}
	}
}

// TestEffectKinds_ConstructorsFillTheirRow calls each constructor with every argument (and
// every field of a struct argument) non-zero: the effect is of its kind, fills only its row's
// fields, and each argument reaches the effect.
func TestEffectKinds_ConstructorsFillTheirRow(t *testing.T) {
	for k, c := range constructors {
		fn := reflect.ValueOf(c)
		args := nonZeroArgs(fn.Type())
		e := fn.Call(args)[0].Interface().(Effect)
		if e.Kind != k {
			t.Errorf("constructor of %s made a %s", k, e.Kind)
		}
		if err := e.Validate(); err != nil {
			t.Errorf("constructor of %s: %v", k, err)
		}
		for i, name := range argNames(args) {
			less := withoutArg(args, i)
			if reflect.DeepEqual(fn.Call(less)[0].Interface(), e) {
				t.Errorf("constructor of %s ignores its argument %s", k, name)
			}
		}
	}
}

func TestEffect_ValidateRefusesStrayFields(t *testing.T) {
	e := NewDeskReaction("white_check_mark", "1700000000.000100", "", Thread{})
	e.Answers = map[string]string{"where": "Houston"}
	err := e.Validate()
	if err == nil || !strings.Contains(err.Error(), "Answers") {
		t.Fatalf("Validate = %v, want it to name Answers", err)
	}
	if err := (Effect{Kind: "nonsense"}).Validate(); err == nil {
		t.Fatal("an unknown kind validated")
	}
}

// TestEffect_WireNames keeps the JSON names effects are sealed under in the outbox: entries
// written by an earlier version must decode the same.
func TestEffect_WireNames(t *testing.T) {
	want := "kind texter alias at lang queue urgent answers text media tip_code channel handoff thread threads user ts status offer key dm partner outcome case opened"
	var got []string
	typ := reflect.TypeFor[Effect]()
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		got = append(got, name)
	}
	if strings.Join(got, " ") != want {
		t.Fatalf("Effect's JSON names changed:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

func nonZeroArgs(fn reflect.Type) []reflect.Value {
	args := make([]reflect.Value, fn.NumIn())
	for i := range args {
		args[i] = nonZero(fn.In(i))
	}
	return args
}

// nonZero returns a value of typ with every field set.
func nonZero(typ reflect.Type) reflect.Value {
	v := reflect.New(typ).Elem()
	switch typ.Kind() {
	case reflect.String:
		v.SetString("x-" + typ.Name())
	case reflect.Int:
		v.SetInt(2)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Map:
		v.Set(reflect.MakeMap(typ))
		v.SetMapIndex(nonZero(typ.Key()), nonZero(typ.Elem()))
	case reflect.Struct:
		if typ == reflect.TypeFor[time.Time]() {
			return reflect.ValueOf(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC))
		}
		for i := range typ.NumField() {
			v.Field(i).Set(nonZero(typ.Field(i).Type))
		}
	default:
		panic("no non-zero value for " + typ.String())
	}
	return v
}

// argNames names each argument, and each field of a struct argument other than a Thread or a
// time, as its own argument (flattened in that order by withoutArg).
func argNames(args []reflect.Value) []string {
	var names []string
	for i, a := range args {
		if leafArg(a.Type()) {
			names = append(names, "#"+strconv.Itoa(i))
			continue
		}
		for j := range a.NumField() {
			names = append(names, a.Type().Field(j).Name)
		}
	}
	return names
}

// withoutArg returns args with the n-th flattened argument (argNames) zeroed.
func withoutArg(args []reflect.Value, n int) []reflect.Value {
	out := make([]reflect.Value, len(args))
	for i, a := range args {
		c := reflect.New(a.Type()).Elem()
		c.Set(a)
		out[i] = c
		if leafArg(a.Type()) {
			if n == 0 {
				c.SetZero()
			}
			n--
			continue
		}
		if n >= 0 && n < a.NumField() {
			c.Field(n).SetZero()
		}
		n -= a.NumField()
	}
	return out
}

func leafArg(typ reflect.Type) bool {
	return typ.Kind() != reflect.Struct || typ == reflect.TypeFor[Thread]() || typ == reflect.TypeFor[time.Time]()
}

// TestEffect_StampedFillsTheCommonFields: what the engine and the desk stamp on every effect
// is the common fields, all of them and nothing else.
func TestEffect_StampedFillsTheCommonFields(t *testing.T) {
	s := Session{Texter: "other", Alias: "K7QF", Lang: "es", Answers: map[string]string{"where": "TX"}}
	e := Effect{}.stamped("texter-key", &s, time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC))
	v := reflect.ValueOf(e)
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		want := slices.Contains(commonFields, name) && name != "Kind"
		if set := !v.Field(i).IsZero(); set != want {
			t.Errorf("stamped: %s set %v, want %v", name, set, want)
		}
	}
}
