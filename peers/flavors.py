"""How each export is judged (peers/run): as the case's own algorithm (the
lecture's), and as the framework's flavor of it where optref has one
(ref/flavor/, `optref list`, FLAVORS).

A judge is the case (name or inline spec) and the columns of the export it reads:
exports carry each state tensor under the framework's name, which is the
flavor's state name; the lecture's names come from peers/plan.py.
"""


# (framework, case algorithm, case variant) -> (flavor, flavor variant, hyper-parameters from the case's,
#                                               extra hyper-parameters from the framework's call)
FLAVORS = {
    ('torch', 'gd', 'standard'): ('sgd-torch', 'standard', lambda h: {'lr': h['eta']}),
    ('torch', 'momentum', 'standard'): ('sgd-torch', 'momentum', lambda h: {'lr': h['eta'], 'momentum': h['gamma']}),
    ('torch', 'sgdw', 'l2'): ('sgd-torch', 'momentum',
                              lambda h: {'lr': h['alpha'], 'momentum': h['beta1'], 'weight_decay': h['lambda']}),
    ('torch', 'adagrad', 'eps_outside'): ('adagrad-torch', 'standard', lambda h: {'lr': h['eta'], 'eps': h['delta']}),
    ('torch', 'rmsprop', 'eps_outside'): ('rmsprop-torch', 'standard',
                                          lambda h: {'lr': h['eta'], 'alpha': h['gamma'], 'eps': h['eps']}),
    ('torch', 'adadelta', 'standard'): ('adadelta-torch', 'standard',
                                        lambda h: {'lr': '1', 'rho': h['rho'], 'eps': h['eps']}),
    ('torch', 'adam', 'standard'): ('adam-torch', 'standard',
                                    lambda h: {'lr': h['alpha'], 'beta1': h['beta1'], 'beta2': h['beta2'],
                                               'eps': h['eps']}),
    ('torch', 'adamw', 'l2'): ('adam-torch', 'standard',
                               lambda h: {'lr': h['alpha'], 'beta1': h['beta1'], 'beta2': h['beta2'],
                                          'eps': h['eps'], 'weight_decay': h['lambda']}),
    ('torch', 'adamw', 'adamw_lr'): ('adamw-torch', 'standard',
                                     lambda h: {'lr': h['alpha'], 'beta1': h['beta1'], 'beta2': h['beta2'],
                                                'eps': h['eps'], 'weight_decay': h['lambda']}),
    ('tfjs', 'momentum', 'standard'): ('momentum-tfjs', 'standard',
                                       lambda h: {'learningRate': h['eta'], 'momentum': h['gamma']}),
    ('tfjs', 'rmsprop', 'eps_inside'): ('rmsprop-tfjs', 'standard',
                                        lambda h: {'learningRate': h['eta'], 'decay': h['gamma'],
                                                   'momentum': '0', 'epsilon': h['eps']}),
    ('tfjs', 'adagrad', 'eps_inside'): ('adagrad-tfjs', 'standard',
                                        lambda h: {'learningRate': h['eta'], 'initialAccumulatorValue': '0.1',
                                                   'epsilon': '1e-7'}),
    ('tfjs', 'adadelta', 'standard'): ('adadelta-tfjs', 'standard',
                                       lambda h: {'learningRate': '1', 'rho': h['rho'], 'epsilon': h['eps']}),
    ('tfjs', 'adam', 'standard'): ('adam-tfjs', 'standard',
                                   lambda h: {'learningRate': h['alpha'], 'beta1': h['beta1'], 'beta2': h['beta2'],
                                              'epsilon': h['eps']}),
    ('optax', 'adam', 'standard'): ('adam-optax', 'standard',
                                    lambda h: {'learning_rate': h['alpha'], 'b1': h['beta1'], 'b2': h['beta2'],
                                               'eps': h['eps']}),
    ('optax', 'adagrad', 'eps_inside'): ('adagrad-optax', 'standard',
                                         lambda h: {'learning_rate': h['eta'], 'eps': h['eps']}),
    ('optax', 'rmsprop', 'eps_inside'): ('rmsprop-optax', 'eps_inside',
                                         lambda h: {'learning_rate': h['eta'], 'decay': h['gamma'], 'eps': h['eps']}),
    ('optax', 'rmsprop', 'eps_outside'): ('rmsprop-optax', 'eps_outside',
                                          lambda h: {'learning_rate': h['eta'], 'decay': h['gamma'], 'eps': h['eps']}),
    ('keras', 'adam', 'standard'): ('adam-keras', 'standard',
                                    lambda h: {'learning_rate': h['alpha'], 'beta_1': h['beta1'], 'beta_2': h['beta2'],
                                               'epsilon': h['eps']}),
}


def judges(job, known):
    """[(flavor or None, verify's case arguments, {export column stem: candidate stem}, with g)] for job;
    known: the flavor names this optref has."""
    lecture = {fw: lec for lec, fw in job['state'].items()}
    out = [(None, [job['case']], lecture, job['variant'] != 'l2')]  # optref's g of an L2 variant is ∇f + λθ
    fl = FLAVORS.get((job['framework'], job['alg'], job['variant']))
    if fl and fl[0] in known:
        name, variant, hp = fl
        x0 = ','.join(v.hex() for v in job['problem']['x0'])
        spec = ' '.join([job['case'], name, variant, job['spec_problem'], str(job['case_steps'])]
                        + [f'{k}={v}' for k, v in hp(job['hp']).items()] + [f'x0={x0}'])
        out.append((name, ['--case-spec', spec], None, True))  # None: every state column as exported
    return out
