// Scripts the answers of the mocked Taro.request, in order, the way WeChat
// delivers them: success with statusCode/header, or fail with errMsg.
import Taro from '@tarojs/taro';

export type FakeAnswer = { statusCode: number; data: unknown; header?: Record<string, string> } | { errMsg: string };

export interface SentRequest {
  url: string;
  method: string;
  data: unknown;
  header: Record<string, string>;
}

export function scriptTaroRequest(...answers: FakeAnswer[]): SentRequest[] {
  const sent: SentRequest[] = [];
  (Taro.request as unknown as jest.Mock).mockImplementation((options: Taro.request.Option) => {
    sent.push({
      url: options.url,
      method: String(options.method),
      data: options.data,
      header: options.header as Record<string, string>,
    });
    const answer = answers.shift() ?? { errMsg: 'request:fail no scripted answer' };
    setTimeout(() => {
      if ('errMsg' in answer) options.fail?.(answer as never);
      else
        options.success?.({ data: answer.data, statusCode: answer.statusCode, header: answer.header ?? {} } as never);
    }, 0);
    return { abort: jest.fn() };
  });
  return sent;
}

export const healthy = {
  status: 'ok',
  database: 'sqlite',
  version: '0.1.0',
  demo: true,
  time: '2026-11-28T04:00:00.000Z',
} as const;
