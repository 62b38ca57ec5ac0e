// Answers to a category's questions, checked the way the forms check them; every channel that
// files a case (app, phone, Open311) goes through here.
import { type AnswerValue, type CategoryQuestion, type StoredAnswer, checkAnswers, DomainError, ErrorCode } from '@hotline/core';

export const questionsOf = (category: { questions_json: string }): CategoryQuestion[] =>
  JSON.parse(category.questions_json) as CategoryQuestion[];

// Filing checks answers against the same few categories all day: their questions are parsed once
// per questions text (a category's edit gives a new text), not once per filing.
const parsedQuestions = new Map<string, readonly CategoryQuestion[]>();
const PARSED_QUESTIONS_MAX = 2000;

function questionsFor(category: { questions_json: string }): readonly CategoryQuestion[] {
  let questions = parsedQuestions.get(category.questions_json);
  if (!questions) {
    if (parsedQuestions.size >= PARSED_QUESTIONS_MAX) parsedQuestions.clear();
    questions = Object.freeze(questionsOf(category));
    parsedQuestions.set(category.questions_json, questions);
  }
  return questions;
}

/** The answers to store, or VALIDATION_FAILED naming each `answers.<code>` field at fault. */
export function requireAnswers(
  category: { questions_json: string } | null | undefined,
  answers: Readonly<Record<string, AnswerValue | null | undefined>>,
): StoredAnswer[] {
  const checked = checkAnswers(category ? questionsFor(category) : [], answers);
  if (checked.problems.length > 0)
    throw new DomainError(ErrorCode.VALIDATION_FAILED, checked.problems[0]!.message, checked.problems);
  return checked.answers;
}
