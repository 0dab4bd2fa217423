/* GET /v1/session: the caller as this server sees it — whether it asks for tokens, the
 * role and name of the caller's token — so a client (the workbench) offers only the
 * actions that role may take.  Needs no token: it is how a client learns it needs one. */
#include "server/server.h"

void srv_h_session(srv_request *rq, srv_engine *e, char *const *params)
{
    (void)e;
    (void)params;
    json_t *o = json_pack("{sb ss ss?}", "tokens", rq->st->tokens != NULL, "role",
                          srv_role_name(rq->role), "name", rq->actor[0] ? rq->actor : NULL);
    srv_reply_json(rq, 200, o ? json_dumps(o, JSON_COMPACT) : NULL);
    json_decref(o);
}
