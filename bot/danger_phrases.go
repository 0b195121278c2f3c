package bot

// The built-in phrases of the danger detector (Detector). They are matched as whole words
// anywhere in a message, after flows.Phrase folding, so write them plainly: "can't leave" also
// catches "cant leave", "can not leave" and "CAN’T LEAVE". Disclosures are in the first person,
// so that a tipster describing someone else is not stopped at every answer; danger now is not.

// dangerEN: someone is in danger now.
var dangerEN = []string{
	"911", "emergency", "in danger", "help me", "save me", "please help", "need help now",
	"going to kill", "gonna kill", "will kill me", "kill me", "wants to kill", "threatened to kill",
	"hurting me", "beating me", "beats me", "hits me", "raped me", "rape me",
	"locked in", "locked up", "locked me", "trapped", "kidnapped", "held captive",
	"can't leave", "can't get out", "can't escape", "won't let me leave", "won't let me go",
	"not allowed to leave", "holding me", "keeping me here",
	"he's here", "she's here", "they're here", "he is coming", "they are coming",
	"watching my phone", "watching me", "reads my phone", "reading my phone", "checks my phone",
	"has a gun", "i'm scared", "afraid for my life",
}

// disclosureEN: the texter says they are being trafficked.
var disclosureEN = []string{
	"took my passport", "has my passport", "have my passport", "keeps my passport", "holding my passport",
	"took my id", "has my id", "have my id", "keeps my id", "took my papers", "has my papers",
	"have my papers", "keeps my papers", "took my documents", "has my documents",
	"i owe them", "i owe him", "i owe her", "my debt", "pay off the debt",
	"makes me work", "make me work", "forced to work", "forces me", "forced me", "forcing me",
	"makes me have sex", "make me have sex", "makes me sell", "sold me", "selling me", "my pimp",
	"takes my money", "took my money", "won't pay me", "don't pay me", "doesn't pay me",
	"i'm being trafficked", "i was trafficked", "trafficking me", "trafficked me",
}

// dangerES: alguien corre peligro ahora.
var dangerES = []string{
	"emergencia", "peligro", "ayúdame", "ayúdenme", "auxilio", "socorro", "sálvame",
	"me van a matar", "me quiere matar", "me quieren matar", "lo van a matar", "la van a matar",
	"me pega", "me golpea", "me golpean", "me está golpeando", "me lastima", "me violó", "me violaron",
	"encerrada", "encerrado", "encerradas", "encerrados", "atrapada", "atrapado", "atrapadas", "atrapados",
	"secuestrada", "secuestrado", "secuestradas", "secuestrados",
	"no puedo salir", "no puedo irme", "no puedo escapar", "no me deja salir", "no me dejan salir",
	"no me deja ir", "no me dejan ir", "no me deja irme", "no me dejan irme",
	"me está vigilando", "me están vigilando", "vigilando", "vigilándome", "me vigila", "me vigilan",
	"revisa mi teléfono", "revisa mi celular", "él está aquí", "ella está aquí", "ya están aquí",
	"tiene una pistola", "tiene un arma", "tengo miedo",
}

// disclosureES: quien escribe dice que es víctima de trata.
var disclosureES = []string{
	"me quitó el pasaporte", "me quitaron el pasaporte", "tiene mi pasaporte", "tienen mi pasaporte",
	"me quitó mis papeles", "me quitaron mis papeles", "me quitaron los papeles", "tiene mis papeles",
	"tienen mis papeles", "tiene mis documentos", "tienen mis documentos", "me quitó la identificación",
	"les debo", "le debo dinero", "debo dinero", "mi deuda", "me obliga", "me obligan", "me obligaron", "me forzaron",
	"me vendieron", "me venden", "no me pagan", "no me paga", "me quitan el dinero", "se queda con mi dinero",
	"soy víctima de trata", "me están explotando", "me explotan",
}
