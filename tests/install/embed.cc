// The same as embed.c from C++: every public header must link from C++ (extern "C"),
// including date.h and version.h.  Decides one shipment and screens one name.
//
//   embed_cxx DATA_DIR
#include <cstdio>
#include <memory>
#include <string>

#include <stratex/stratex.h>

namespace {

// Library memory in C++ owners, freed with the library's own functions.
struct regimes_free {
    void operator()(sx_regimes *r) const { sx_regimes_free(r); }
};
struct decision_free {
    void operator()(sx_decision *d) const { sx_decision_free(d); }
};
struct index_free {
    void operator()(sx_screen_index *ix) const { sx_screen_index_free(ix); }
};
struct library_free {
    void operator()(void *p) const { sx_free(p); }
};

int fail(const std::string &what)
{
    std::fprintf(stderr, "embed_cxx: %s: %s\n", what.c_str(), sx_errmsg());
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    sx_date day;
    if (sx_date_parse(&day, "2019-07-10") != 0)
        return fail("sx_date_parse");
    char back[11];
    sx_date_format(back, day);
    std::printf("libstratex %s, date %s, version number 0x%06x\n", sx_version(), back,
                static_cast<unsigned>(sx_version_number()));

    sx_regimes *raw = nullptr;
    if (sx_regimes_load(&raw, argv[1]) != 0)
        return fail("sx_regimes_load");
    std::unique_ptr<sx_regimes, regimes_free> regimes(raw);

    sx_shipment s = SX_SHIPMENT_INIT;
    s.from = "JP";
    s.to = "KR";
    s.item = "1C350";
    s.date = back;
    sx_decision *d = nullptr;
    if (sx_decide(&d, regimes.get(), nullptr, &s) != 0)
        return fail("sx_decide");
    std::unique_ptr<sx_decision, decision_free> decision(d);
    std::string outcome = sx_decision_outcome(d);
    std::printf("decision: %s\n", outcome.c_str());

    sx_screen_index *ix = nullptr;
    if (sx_screen_index_load_default(&ix, argv[1]) != 0)
        return fail("sx_screen_index_load_default");
    std::unique_ptr<sx_screen_index, index_free> index(ix);
    sx_screen_opts o = SX_SCREEN_OPTS_INIT;
    char *json = nullptr;
    if (sx_screen_json(&json, ix, "Korea Kwangson Banking Corporation", &o) != 0)
        return fail("sx_screen_json");
    std::unique_ptr<char, library_free> text(json);
    bool found = std::string(json).find("KWANGSON") != std::string::npos;
    std::printf("screen: %s\n", found ? "KWANGSON found" : "no match");
    return outcome == "licence_required" && found ? 0 : 1;
}
