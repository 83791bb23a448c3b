/* The satisfaction survey's handlers (api/survey.c, issue #22 item 6). */
#ifndef LOKET_API_SURVEY_H
#define LOKET_API_SURVEY_H

struct req;

/* /api/v1/surveys: admins create, edit, activate, close, send now and
** delete (a draft); leaders read. Anyone else gets 404. */
int api_surveys_list(struct req *rq);
int api_surveys_create(struct req *rq);
int api_surveys_get(struct req *rq);
int api_surveys_update(struct req *rq);
int api_surveys_delete(struct req *rq);
int api_surveys_activate(struct req *rq);
int api_surveys_close(struct req *rq);
int api_surveys_send(struct req *rq);
/* The answering page's calls, by the mailed token alone (no sign-in):
** POST /api/v1/survey-form {"token"} → the questions, and
** POST /api/v1/survey-form/answer {"token", "answers"}. */
int api_survey_form(struct req *rq);
int api_survey_answer(struct req *rq);
/* GET /api/v1/reports/survey: admins and leaders (free text is theirs). */
int api_reports_survey(struct req *rq);

#endif
