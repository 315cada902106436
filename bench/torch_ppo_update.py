"""The reference for lbgym's PPO update time (`npm run bench -- training`).

CleanRL's ppo_continuous_action.py update, timed alone on one thread: 64x64
tanh actor and critic, a state-independent log-std, a batch of 2048 with
observation and action sizes 2, 32 minibatches, 10 epochs, Adam (lr 3e-4,
eps 1e-5), clipped surrogate and value losses, gradient norm clipped to 0.5.
Prints one JSON line: {"seconds": best of 3 updates, "torch": version}.
"""
import json
import time

import numpy as np
import torch
import torch.nn as nn
from torch.distributions.normal import Normal

torch.set_num_threads(1)
torch.manual_seed(1)
BATCH, MINIBATCHES, EPOCHS, OBS, ACT = 2048, 32, 10, 2, 2


def layer_init(layer, std=np.sqrt(2), bias_const=0.0):
    torch.nn.init.orthogonal_(layer.weight, std)
    torch.nn.init.constant_(layer.bias, bias_const)
    return layer


class Agent(nn.Module):
    def __init__(self):
        super().__init__()
        self.critic = nn.Sequential(layer_init(nn.Linear(OBS, 64)), nn.Tanh(), layer_init(nn.Linear(64, 64)), nn.Tanh(), layer_init(nn.Linear(64, 1), std=1.0))
        self.actor_mean = nn.Sequential(layer_init(nn.Linear(OBS, 64)), nn.Tanh(), layer_init(nn.Linear(64, 64)), nn.Tanh(), layer_init(nn.Linear(64, ACT), std=0.01))
        self.actor_logstd = nn.Parameter(torch.zeros(1, ACT))

    def get_action_and_value(self, x, action):
        mean = self.actor_mean(x)
        std = torch.exp(self.actor_logstd.expand_as(mean))
        probs = Normal(mean, std)
        return probs.log_prob(action).sum(1), probs.entropy().sum(1), self.critic(x)


agent = Agent()
optimizer = torch.optim.Adam(agent.parameters(), lr=3e-4, eps=1e-5)
obs = torch.randn(BATCH, OBS)
actions = torch.randn(BATCH, ACT)
with torch.no_grad():
    logprobs, _, values = agent.get_action_and_value(obs, actions)
    values = values.flatten()
advantages = torch.randn(BATCH)
returns = advantages + values


def update():
    mb = BATCH // MINIBATCHES
    for _ in range(EPOCHS):
        order = np.random.permutation(BATCH)
        for start in range(0, BATCH, mb):
            idx = order[start:start + mb]
            newlogprob, entropy, newvalue = agent.get_action_and_value(obs[idx], actions[idx])
            logratio = newlogprob - logprobs[idx]
            ratio = logratio.exp()
            with torch.no_grad():
                approx_kl = ((ratio - 1) - logratio).mean()
                clipfrac = ((ratio - 1.0).abs() > 0.2).float().mean().item()
            adv = advantages[idx]
            adv = (adv - adv.mean()) / (adv.std() + 1e-8)
            pg_loss = torch.max(-adv * ratio, -adv * torch.clamp(ratio, 0.8, 1.2)).mean()
            newvalue = newvalue.view(-1)
            v_unclipped = (newvalue - returns[idx]) ** 2
            v_clipped = values[idx] + torch.clamp(newvalue - values[idx], -0.2, 0.2)
            v_loss = 0.5 * torch.max(v_unclipped, (v_clipped - returns[idx]) ** 2).mean()
            loss = pg_loss - 0.0 * entropy.mean() + v_loss * 0.5
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(agent.parameters(), 0.5)
            optimizer.step()
        approx_kl.item()


update()
best = float("inf")
for _ in range(3):
    t0 = time.perf_counter()
    update()
    best = min(best, time.perf_counter() - t0)
print(json.dumps({"seconds": best, "torch": torch.__version__}))
