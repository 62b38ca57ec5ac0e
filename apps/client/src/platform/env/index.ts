// Which platform this bundle was built for. TARO_ENV is replaced at build time, so a check of
// isH5() folds to a constant; read at call time so tests may set it.
export const isH5 = (): boolean => process.env.TARO_ENV === 'h5';
