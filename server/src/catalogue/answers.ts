// Answers to a category's questions, checked the way the forms check them; every channel that
// files a case (app, phone, Open311) goes through here.
import { type AnswerValue, type CategoryQuestion, type StoredAnswer, checkAnswers, DomainError, ErrorCode } from '@hotline/core';

export const questionsOf = (category: { questions_json: string }): CategoryQuestion[] =>
  JSON.parse(category.questions_json) as CategoryQuestion[];

/** The answers to store, or VALIDATION_FAILED naming each `answers.<code>` field at fault. */
export function requireAnswers(
  category: { questions_json: string } | null | undefined,
  answers: Readonly<Record<string, AnswerValue | null | undefined>>,
): StoredAnswer[] {
  const checked = checkAnswers(category ? questionsOf(category) : [], answers);
  if (checked.problems.length > 0)
    throw new DomainError(ErrorCode.VALIDATION_FAILED, checked.problems[0]!.message, checked.problems);
  return checked.answers;
}
